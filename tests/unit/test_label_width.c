/* test_label_width.c — translated labels fit where they are shown (htop's
 * maintainers warn that translations grow): in nl and fr, every column title
 * of every list fits its column's widest size, and the ten F-key labels fit
 * an 80-column key bar without being cut. Measured in terminal cells. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n/i18n.h"
#include "tests/tap.h"
#include "ui/keybar.h"
#include "ui/text_width.h"
#include "views/actions.h"
#include "views/screens.h"

extern int _nl_msg_cat_cntr; /* GNU gettext: bump after changing LANGUAGE */

static const lb_list_class *const classes[] = {
    &lb_meetings_list_class,  &lb_agenda_items_list_class,  &lb_dossiers_list_class,
    &lb_documents_list_class, &lb_meeting_types_list_class, &lb_dossier_types_list_class,
    &lb_meldingen_list_class,
};

static int cells(const char *s)
{
    return (int)lb_text_width(s, strlen(s));
}

static void columns_fit(const char *lang)
{
    for (size_t c = 0; c < sizeof classes / sizeof classes[0]; c++) {
        const lb_list_class *lc = classes[c];
        for (size_t i = 0; i < lc->column_count; i++) {
            const lb_list_column *col = &lc->columns[i];
            if (col->max_width <= 0)
                continue; /* takes the room that is left */
            const char *t = _(col->title);
            ok(cells(t) <= col->max_width, "%s: column \"%s\" of %s fits (%d of %d cells)", lang, t,
               lc->id, cells(t), col->max_width);
        }
    }
}

/* The F-key bar, laid out by ui/keybar.c: how many columns it wants, and at
 * 80 columns (PuTTY's default) no label cut below MIN_LABEL cells, so
 * "Deactiveren" still reads as "Deactiv". */
#define MIN_LABEL 6

static void keybar_fits(const char *lang)
{
    lb_keybar_item items[10];
    size_t n = 0;
    int want = 0;
    for (int a = 0; a < LB_ACT_COUNT && n < 10; a++) {
        const lb_action_info *info = lb_action_get((lb_action)a);
        if (!info->fkey)
            continue;
        items[n++] = (lb_keybar_item){info->fkey, info->letter, _(info->label), true};
        want += (info->fkey == 10 ? 2 : 1) + cells(_(info->label)) + 1;
    }
    int rooms[10];
    lb_keybar_rooms(items, n, 80, rooms);
    for (size_t i = 0; i < n; i++) {
        int w = cells(items[i].label), room = rooms[items[i].fkey - 1];
        int need = w < MIN_LABEL ? w : MIN_LABEL;
        ok(room >= need, "%s: at 80 columns F%d \"%s\" keeps %d of its %d cells", lang,
           items[i].fkey, items[i].label, room < w ? room : w, w);
    }
    lb_keybar_rooms(items, n, want + 10, rooms);
    bool whole = true;
    for (size_t i = 0; i < n; i++)
        whole = whole && rooms[items[i].fkey - 1] >= cells(items[i].label);
    ok(whole, "%s: with %d columns every F-key label is whole", lang, want + 10);
}

int main(void)
{
    setenv("LANGUAGE", "nl", 1);
    lb_i18n_init();
    static const char *const langs[] = {"nl", "fr"};
    for (size_t l = 0; l < 2; l++) {
        setenv("LANGUAGE", langs[l], 1);
        ++_nl_msg_cat_cntr;
        ok(strcmp(_("Meetings"), l == 0 ? "Vergaderingen" : "Réunions") == 0,
           "%s: the catalog is loaded (%s)", langs[l], _("Meetings"));
        columns_fit(langs[l]);
        keybar_fits(langs[l]);
    }
    return tap_done();
}
