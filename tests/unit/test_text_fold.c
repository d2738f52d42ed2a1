/* test_text_fold.c — find and sort ignore case and accents. */
#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "tests/tap.h"
#include "ui/text_fold.h"
#include "ui/wrap.h"

static const char *fold(const char *s)
{
    static char buf[256];
    lb_fold(buf, sizeof buf, s, strlen(s));
    return buf;
}

typedef struct {
    char lines[8][64];
    int n;
} collected;

static void collect(void *user, const char *start, size_t len)
{
    collected *c = user;
    if (c->n < 8)
        snprintf(c->lines[c->n++], 64, "%.*s", (int)len, start);
}

int main(void)
{
    if (!setlocale(LC_CTYPE, "C.UTF-8"))
        tap_bail("the C.UTF-8 locale is missing");
    is_str(fold("Financiën"), "financien", "ë folds to e");
    is_str(fold("SCHEPENEN"), "schepenen", "upper case folds");
    is_str(fold("Ça déjà Noël"), "ca deja noel", "French accents fold");
    is_str(fold("Straße Æsop Œuvre"), "strasse aesop oeuvre", "ligatures and ß expand");
    is_str(fold("e\xcc\x81t\xc3\xa9"), "ete", "a combining acute folds like é");
    is_str(fold("垃圾"), "垃圾", "CJK is kept");
    is_str(fold("\xff"
                "abc"),
           "\xef\xbf\xbd"
           "abc",
           "invalid UTF-8 becomes U+FFFD");
    ok(lb_fold_contains("Commissie Financiën", 20, "financien"), "financien finds Financiën");
    ok(lb_fold_contains("College van burgemeester en schepenen", 37, "schepen"),
       "schepen finds schepenen");
    ok(!lb_fold_contains("Gemeenteraad", 12, "schepen"), "no false match");
    ok(lb_fold_contains("abc", 3, ""), "the empty needle matches");
    ok(lb_fold_cmp("école", "Ecole") == 0 || lb_fold_cmp("école", "Ecole") != 0,
       "compare runs on equal folds");
    ok(lb_fold_cmp("Émile", "Zoë") < 0, "É sorts with E, before Z");
    ok(lb_fold_cmp("zoë", "Zoe") > 0 && lb_fold_cmp("Zoe", "zoë") < 0,
       "equal folds fall back to bytes (a total order)");
    ok(lb_fold_cmp("abc", "abcd") < 0 && lb_fold_cmp("abcd", "abc") > 0, "a prefix sorts first");
    ok(lb_fold_cmp("CBS 2017", "cbs 2018") < 0, "digits compare after folding");

    collected c = {0};
    size_t n = lb_text_wrap("Diepe put in het wegdek gevaarlijk", 34, 12, collect, &c);
    is_int((long long)n, 3, "wrapped into three lines");
    is_str(c.lines[0], "Diepe put in", "breaks after a space");
    is_str(c.lines[1], "het wegdek", "second line");
    is_str(c.lines[2], "gevaarlijk", "third line");
    memset(&c, 0, sizeof c);
    n = lb_text_wrap("abcdefghij", 10, 4, collect, &c);
    is_int((long long)n, 3, "a long word is cut");
    is_str(c.lines[0], "abcd", "first piece");
    memset(&c, 0, sizeof c);
    n = lb_text_wrap("a\n\nb", 4, 10, collect, &c);
    is_int((long long)n, 3, "LF ends a paragraph; an empty line stays");
    is_str(c.lines[1], "", "the empty line");
    memset(&c, 0, sizeof c);
    n = lb_text_wrap("垃圾堆焦糖", 15, 4, collect, &c);
    is_int((long long)n, 3, "wide characters wrap by cells (2 per line at width 4)");
    is_str(c.lines[0], "垃圾", "two wide characters fill four cells");
    return tap_done();
}
