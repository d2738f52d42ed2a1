/* record_form.h — what every record's detail form shares: the form and the
 * related lists inside its tabs live together and are freed together, the
 * Documenten tab, the Archief tab (DAV state) and Belgian dates. */
#ifndef LB_RECORD_FORM_H
#define LB_RECORD_FORM_H

#include "client/records.h"
#include "ui/form.h"
#include "views/record_list.h"

typedef struct lb_record_form lb_record_form;

/* A new form titled TITLE (untrusted parts already sanitized by the caller)
 * for a record of LIST. */
lb_record_form *lb_record_form_new(lb_list *list, const char *title);
lb_form *lb_record_form_form(lb_record_form *rf);
/* Adds a tab showing a related list of CLS restricted by PARAM=VALUE, or at
 * PATH (segments) when given. The list loads when the form opens. */
lb_list *lb_record_form_add_list(lb_record_form *rf, const char *tab_title,
                                 const lb_list_class *cls, const char *const *path,
                                 const char *param, const char *value);
/* Adds the Documenten tab for the record of REGARDING_TYPE ("meeting"...) ID. */
void lb_record_form_add_documents(lb_record_form *rf, const char *regarding_type, const char *id);
/* Adds the Archief tab: the DAV dossier id and date, and (for users with the
 * archive role) the dossier's state fetched from DAV. */
void lb_record_form_add_archive(lb_record_form *rf, const char *dav_dossier_id,
                                lb_time archived_on);
/* Shows the form; the shell frees everything when the user closes it. */
void lb_record_form_show(lb_record_form *rf);

/* Field helpers: a time, a number, yes/no as text. */
void lb_form_add_time(lb_form *f, size_t tab, const char *label, lb_time t);
void lb_form_add_int(lb_form *f, size_t tab, const char *label, long long v);

/* The document list class (views/documents_view.c). */
extern const lb_list_class lb_documents_list_class;

#endif
