/* documents_view.c — the documents of a record, shown inside its form. */
#include "config.h"

#include <stdio.h>

#include "client/melding_fetch.h"
#include "i18n/i18n.h"
#include "views/record_form.h"
#include "views/screens.h"

#define DOC(rec) ((const lb_document *)(rec))

static void col_name(const void *r, char *b, size_t n)
{
    snprintf(b, n, "%s", DOC(r)->name);
}
static void col_type(const void *r, char *b, size_t n)
{
    snprintf(b, n, "%s", DOC(r)->mime_type ? DOC(r)->mime_type : "---");
}
/* "1,2 MB": the Belgian decimal comma, as the attachments of a melding. */
static void col_size(const void *r, char *b, size_t n)
{
    lb_attachment_format_size((long long)DOC(r)->size, b, n);
}
static void col_created(const void *r, char *b, size_t n)
{
    lb_list_format_time(DOC(r)->created_on, b, n);
}
static int cmp_size(const void *a, const void *b)
{
    return (DOC(a)->size > DOC(b)->size) - (DOC(a)->size < DOC(b)->size);
}
static int cmp_created(const void *a, const void *b)
{
    return lb_list_compare_time(DOC(a)->created_on, DOC(b)->created_on);
}
static const char *doc_id(const void *r)
{
    return DOC(r)->id;
}
static long long num_size(const void *r)
{
    return (long long)DOC(r)->size;
}
static lb_time at_created(const void *r)
{
    return DOC(r)->created_on;
}

static const lb_list_column document_columns[] = {
    {N_("Name"), 12, 0, false, col_name, NULL, .key = "name"},
    {N_("Kind"), 8, 30, false, col_type, NULL, .key = "mimeType"},
    {N_("Size"), 6, 10, true, col_size, cmp_size, .key = "size", .number = num_size},
    {N_("Created on"), 16, 16, false, col_created, cmp_created, .key = "createdOn",
     .time = at_created},
};

static const char *const document_path[] = {"crm", "documents", NULL};

const lb_list_class lb_documents_list_class = {
    .id = "documents",
    .title = N_("Documents"),
    LB_NOUNS("document", "documents"),
    .kind = LB_REC_DOCUMENT,
    .record_size = sizeof(lb_document),
    .path = document_path,
    .columns = document_columns,
    .column_count = sizeof document_columns / sizeof document_columns[0],
    .default_sort = 0,
    .record_id = doc_id,
};
