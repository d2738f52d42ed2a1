/* actions.h — every command of lbterm in one list (tig's request list): it
 * feeds the key lookup, the key bar, the help screen and "waarom niet?".
 * X(ID, F-key number or 0, letter key or 0, label, help text); labels and
 * help texts are N_()-marked and translated where shown. */
#ifndef LB_ACTIONS_H
#define LB_ACTIONS_H

#include <stddef.h>

#include "i18n/i18n.h"

/* clang-format off */
#define LB_ACTIONS(X) \
    X(HELP,          1, 'h', N_("Help"),        N_("Show every key of this screen")) \
    X(VIEW_PRESET,   2, 'v', N_("View"),        N_("Switch between active, inactive and all records")) \
    X(OPEN,          3, 'o', N_("Open"),        N_("Open the form of the record under the cursor (also Enter)")) \
    X(FILTER,        4, 'f', N_("Filter"),      N_("Filter on status reason, type or date range")) \
    X(REFRESH,       5, 'r', N_("Refresh"),     N_("Load the list again; the cursor and the selection stay")) \
    X(SORT,          6, 's', N_("Sort"),        N_("Sort on a column (press again on the same column to reverse)")) \
    X(ACTIVATE,      7, 'a', N_("Activate"),    N_("Make the selected records (or the one under the cursor) active")) \
    X(DEACTIVATE,    8, 'd', N_("Deactivate"),  N_("Make the selected records (or the one under the cursor) inactive")) \
    X(SCREENS,       9, 'g', N_("Go to"),       N_("Go to another screen: meetings, agenda items, dossiers, meldingen, types, archiving")) \
    X(QUIT,         10, 'q', N_("Quit"),        N_("Leave lbterm")) \
    X(SORT_ADD,      0, 'S', N_("Sort also"),   N_("Add a second sort column")) \
    X(FIND,          0, '/', N_("Find"),        N_("Find as you type; case and accents do not matter")) \
    X(FIND_NEXT,     0, 'n', N_("Next"),        N_("Next match of the last find")) \
    X(FIND_PREV,     0, 'N', N_("Previous"),    N_("Previous match of the last find")) \
    X(TOGGLE,        0, ' ', N_("Select"),      N_("Select or unselect the record and move down (Space)")) \
    X(SELECT_RANGE,  0, 'V', N_("Select range"),N_("Select every record from the last selected one to the cursor")) \
    X(SELECT_ALL,    0, '+', N_("Select all"),  N_("Select every record that the filter shows")) \
    X(SELECT_NONE,   0, '-', N_("Clear"),       N_("Clear the selection")) \
    X(SELECT_INVERT, 0, '*', N_("Invert"),      N_("Invert the selection within what the filter shows")) \
    X(CLEAR_FILTER,  0, 'F', N_("No filter"),   N_("Remove every filter")) \
    X(ARCHIVE,       0, 'x', N_("Archive to DAV"), N_("Archive the selected inactive records (or the one under the cursor) to DAV: check, confirm, then a job")) \
    X(ASSIGN_SERIES, 0, 'A', N_("DAV series"),  N_("Assign a DAV series to the type under the cursor (also Enter)")) \
    X(CLEAR_SERIES,  0, 'D', N_("No series"),   N_("Take the DAV series away from the type under the cursor (its records can then not be archived)")) \
    X(WHY_NOT,       0, 'w', N_("Why not?"),    N_("Explain which commands are hidden here and what would allow them")) \
    X(MOUSE,         0, 'M', N_("Mouse"),       N_("Switch the mouse on or off (off lets the terminal select text)")) \
    X(EXPORT,        0, 'e', N_("Export"),      N_("Export what the screen shows (or only the selection) to a CSV or JSON file")) \
    X(CHART,         0, 'G', N_("Chart"),       N_("Count the records of this screen per status, type, year or owner as a bar chart")) \
    X(NEW_MELDING,   0, 'c', N_("New melding"), N_("Take down a new melding for a caller"))
/* clang-format on */

typedef enum {
    LB_ACT_NONE = -1,
#define LB_ACTION_ENUM(id, fkey, letter, label, help) LB_ACT_##id,
    LB_ACTIONS(LB_ACTION_ENUM)
#undef LB_ACTION_ENUM
        LB_ACT_COUNT
} lb_action;

typedef struct {
    lb_action id;
    int fkey;          /* 1..10, 0 for none */
    unsigned letter;   /* the letter key, 0 for none */
    const char *label; /* untranslated (N_) */
    const char *help;  /* untranslated (N_) */
} lb_action_info;

const lb_action_info *lb_action_get(lb_action a);

#endif
