/* dialog.c — message, confirm, prompt, multi-line text and picker boxes. */
#include "config.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "i18n/i18n.h"
#include "ui/dialog.h"
#include "ui/text_fold.h"
#include "ui/text_width.h"
#include "ui/wrap.h"

typedef enum { KIND_MESSAGE, KIND_CONFIRM, KIND_PROMPT, KIND_PICKER, KIND_TEXT } dialog_kind;

#define INPUT_MAX 1024
#define TEXT_MAX  (16 * 1024) /* a multi-line text: 4000 characters of any script */
#define TEXT_ROWS 8

struct lb_dialog {
    dialog_kind kind;
    char *title, *text, *ok_label;
    lb_dialog_done_fn done;
    lb_dialog_change_fn change;
    lb_dialog_check_fn check;
    void *user;
    int focus_ok; /* confirm: 0 Annuleren, 1 OK */
    size_t scroll;
    /* prompt */
    char *input; /* input_cap bytes, the NUL included */
    size_t input_cap, input_len, input_pos;
    const char *problem;
    /* picker */
    char **items;
    size_t item_count;
    size_t *shown; /* indexes of items that match the search */
    size_t shown_count, cursor, top;
    /* last layout, for the cursor and mouse */
    int by, bx, bh, bw;
};

static char *dup_or_empty(const char *s)
{
    return strdup(s ? s : "");
}

static lb_dialog *dialog_new(dialog_kind kind, const char *title, const char *text,
                             lb_dialog_done_fn done, void *user)
{
    lb_dialog *d = calloc(1, sizeof *d);
    if (!d)
        return NULL;
    d->kind = kind;
    d->title = dup_or_empty(title);
    d->text = dup_or_empty(text);
    d->done = done;
    d->user = user;
    d->input_cap = kind == KIND_TEXT ? TEXT_MAX : INPUT_MAX;
    d->input = calloc(1, d->input_cap);
    if (!d->title || !d->text || !d->input) {
        lb_dialog_free(d);
        return NULL;
    }
    return d;
}

lb_dialog *lb_dialog_message(const char *title, const char *text, lb_dialog_done_fn done,
                             void *user)
{
    return dialog_new(KIND_MESSAGE, title, text, done, user);
}

lb_dialog *lb_dialog_confirm(const char *title, const char *text, const char *ok_label,
                             lb_dialog_done_fn done, void *user)
{
    lb_dialog *d = dialog_new(KIND_CONFIRM, title, text, done, user);
    if (d && !(d->ok_label = dup_or_empty(ok_label))) {
        lb_dialog_free(d);
        return NULL;
    }
    return d;
}

static void set_input(lb_dialog *d, const char *initial)
{
    size_t n = strlen(initial);
    if (n >= d->input_cap)
        n = d->input_cap - 1;
    while (n > 0 && ((unsigned char)initial[n] & 0xC0) == 0x80)
        n--; /* never half a character */
    memcpy(d->input, initial, n);
    d->input[n] = '\0';
    d->input_len = d->input_pos = n;
}

lb_dialog *lb_dialog_prompt(const char *title, const char *label, const char *initial,
                            lb_dialog_done_fn done, void *user)
{
    lb_dialog *d = dialog_new(KIND_PROMPT, title, label, done, user);
    if (d && initial)
        set_input(d, initial);
    return d;
}

lb_dialog *lb_dialog_text(const char *title, const char *label, const char *initial,
                          lb_dialog_done_fn done, void *user)
{
    lb_dialog *d = dialog_new(KIND_TEXT, title, label, done, user);
    if (d && initial)
        set_input(d, initial);
    return d;
}

void lb_dialog_set_change_fn(lb_dialog *d, lb_dialog_change_fn fn)
{
    d->change = fn;
}

void lb_dialog_set_check_fn(lb_dialog *d, lb_dialog_check_fn fn)
{
    d->check = fn;
}

static void picker_refilter(lb_dialog *d)
{
    char needle[INPUT_MAX * 2];
    lb_fold(needle, sizeof needle, d->input, d->input_len);
    d->shown_count = 0;
    for (size_t i = 0; i < d->item_count; i++)
        if (lb_fold_contains(d->items[i], strlen(d->items[i]), needle))
            d->shown[d->shown_count++] = i;
    if (d->cursor >= d->shown_count)
        d->cursor = d->shown_count ? d->shown_count - 1 : 0;
}

lb_dialog *lb_dialog_picker(const char *title, const char *const *items, size_t count,
                            size_t current, lb_dialog_done_fn done, void *user)
{
    lb_dialog *d = dialog_new(KIND_PICKER, title, "", done, user);
    if (!d)
        return NULL;
    d->items = calloc(count ? count : 1, sizeof *d->items);
    d->shown = calloc(count ? count : 1, sizeof *d->shown);
    if (!d->items || !d->shown) {
        lb_dialog_free(d);
        return NULL;
    }
    d->item_count = count;
    for (size_t i = 0; i < count; i++) {
        if (!(d->items[i] = dup_or_empty(items[i]))) {
            lb_dialog_free(d);
            return NULL;
        }
    }
    picker_refilter(d);
    d->cursor = current < d->shown_count ? current : 0;
    return d;
}

void lb_dialog_free(lb_dialog *d)
{
    if (!d)
        return;
    free(d->title);
    free(d->text);
    free(d->ok_label);
    free(d->input);
    if (d->items)
        for (size_t i = 0; i < d->item_count; i++)
            free(d->items[i]);
    free(d->items);
    free(d->shown);
    free(d);
}

/* ---- drawing ---- */

typedef struct {
    int y, x, w, first, max;
    int n;
} line_painter;

static void paint_line(void *user, const char *start, size_t len)
{
    line_painter *p = user;
    int i = p->n++;
    if (i < p->first || i >= p->first + p->max)
        return;
    char buf[1024];
    if (len >= sizeof buf)
        len = sizeof buf - 1;
    memcpy(buf, start, len);
    buf[len] = '\0';
    lb_ui_put(p->y + i - p->first, p->x, buf, p->w, LB_ATTR_DIALOG);
}

/* The text of a multi-line box: one row per line, the cursor's line
 * scrolled sideways like a prompt, the rest cut with an ellipsis; the rows
 * follow the cursor. *CY, *CX receive the cursor's cell. */
static void draw_text_area(lb_dialog *d, int y, int x, int rows, int w, int *cy, int *cx)
{
    size_t cur_line = 0;
    for (size_t i = 0; i < d->input_pos; i++)
        cur_line += d->input[i] == '\n';
    if (cur_line < d->top)
        d->top = cur_line;
    if (cur_line >= d->top + (size_t)rows)
        d->top = cur_line - (size_t)rows + 1;
    char *buf = malloc(d->input_len + 1);
    if (!buf)
        return;
    for (int r = 0; r < rows; r++)
        lb_ui_fill(y + r, x, w, LB_ATTR_CURSOR);
    size_t line = 0, start = 0;
    for (size_t i = 0; i <= d->input_len; i++) {
        if (i < d->input_len && d->input[i] != '\n')
            continue;
        if (line >= d->top && line < d->top + (size_t)rows) {
            int row = y + (int)(line - d->top);
            size_t skip = start;
            if (line == cur_line) {
                int before = (int)lb_text_width(d->input + start, d->input_pos - start);
                while (before > w - 2 && skip < d->input_pos) {
                    size_t step = 1;
                    while (skip + step < d->input_pos &&
                           ((unsigned char)d->input[skip + step] & 0xC0) == 0x80)
                        step++;
                    before -= (int)lb_text_width(d->input + skip, step);
                    skip += step;
                }
                *cy = row;
                *cx = x + before;
            }
            memcpy(buf, d->input + skip, i - skip);
            buf[i - skip] = '\0';
            lb_ui_put(row, x, buf, w, LB_ATTR_CURSOR);
        }
        line++;
        start = i + 1;
    }
    free(buf);
}

static void draw_button(int y, int x, const char *label, bool focus, int *cursor_x)
{
    char buf[128];
    snprintf(buf, sizeof buf, "[ %s ]", label);
    int w = (int)lb_text_width(buf, strlen(buf));
    lb_ui_put(y, x, buf, w, focus ? LB_ATTR_BUTTON : LB_ATTR_DIALOG);
    if (focus)
        *cursor_x = x + 2;
}

void lb_dialog_draw(lb_dialog *d)
{
    int w = COLS - 4 < 72 ? COLS - 4 : 72;
    if (d->kind == KIND_PICKER)
        w = COLS - 4 < 90 ? COLS - 4 : 90;
    /* linear mode: whole lines, so a braille line never mixes the dialog
     * with the list behind it */
    if (w < 10 || lb_ui_braille())
        w = COLS;
    int inner = w - 4;
    int body = (int)lb_text_wrap(d->text, strlen(d->text), inner > 0 ? inner : 1, NULL, NULL);
    if (!d->text[0])
        body = 0;
    int text_rows = LINES - 10 < TEXT_ROWS ? LINES - 10 : TEXT_ROWS;
    if (text_rows < 1)
        text_rows = 1;
    int extra = d->kind == KIND_PROMPT   ? 3
                : d->kind == KIND_TEXT   ? text_rows + 2
                : d->kind == KIND_PICKER ? 2
                                         : 1;
    int list_rows = 0;
    if (d->kind == KIND_PICKER) {
        list_rows = (int)d->shown_count;
        if (list_rows < 1)
            list_rows = 1;
        if (list_rows > LINES - 8)
            list_rows = LINES - 8;
        if (list_rows < 1)
            list_rows = 1;
    }
    int max_body = LINES - 4 - extra - list_rows;
    if (max_body < 1)
        max_body = 1;
    int shown_body = body < max_body ? body : max_body;
    int h = shown_body + extra + list_rows + 2 + (shown_body > 0 ? 1 : 0);
    if (h > LINES)
        h = LINES;
    int y = (LINES - h) / 2, x = (COLS - w) / 2;
    if (y < 0)
        y = 0;
    if (x < 0)
        x = 0;
    d->by = y, d->bx = x, d->bh = h, d->bw = w;
    for (int r = 0; r < h; r++)
        lb_ui_fill(y + r, x, w, LB_ATTR_DIALOG);
    lb_ui_box(y, x, h, w, LB_ATTR_DIALOG);
    char title[256];
    snprintf(title, sizeof title, " %s ", d->title);
    int tw = (int)lb_text_width(title, strlen(title));
    if (tw > w - 4)
        tw = w - 4;
    lb_ui_put(y, x + 2, title, tw, LB_ATTR_DIALOG);
    if ((size_t)shown_body < (size_t)body && d->scroll > (size_t)(body - shown_body))
        d->scroll = (size_t)(body - shown_body);
    line_painter p = {y + 1, x + 2, inner, (int)d->scroll, shown_body, 0};
    if (shown_body > 0)
        lb_text_wrap(d->text, strlen(d->text), inner, paint_line, &p);
    int row = y + 1 + shown_body + (shown_body > 0 ? 1 : 0);
    int cy = row, cx = x + 2;
    if (d->kind == KIND_PROMPT || d->kind == KIND_PICKER) {
        /* the input field, with the part around the cursor visible */
        const char *in = d->input;
        int before = (int)lb_text_width(in, d->input_pos);
        size_t skip = 0;
        while (before > inner - 2 && skip < d->input_pos) {
            size_t step = 1;
            while (skip + step < d->input_pos && ((unsigned char)in[skip + step] & 0xC0) == 0x80)
                step++;
            before -= (int)lb_text_width(in + skip, step);
            skip += step;
        }
        char field[INPUT_MAX + 1];
        memcpy(field, in + skip, d->input_len - skip);
        field[d->input_len - skip] = '\0';
        lb_ui_fill(row, x + 2, inner, LB_ATTR_CURSOR);
        lb_ui_put(row, x + 2, field, inner, LB_ATTR_CURSOR);
        cy = row;
        cx = x + 2 + before;
        row++;
    }
    if (d->kind == KIND_TEXT) {
        draw_text_area(d, row, x + 2, text_rows, inner, &cy, &cx);
        row += text_rows;
    }
    if (d->kind == KIND_PROMPT || d->kind == KIND_TEXT) {
        if (d->problem)
            lb_ui_put(row, x + 2, d->problem, inner, LB_ATTR_ERROR);
        row++;
    }
    if (d->kind == KIND_PICKER) {
        if (d->cursor < d->top)
            d->top = d->cursor;
        if (d->cursor >= d->top + (size_t)list_rows)
            d->top = d->cursor - (size_t)list_rows + 1;
        for (int i = 0; i < list_rows; i++) {
            size_t k = d->top + (size_t)i;
            if (k >= d->shown_count) {
                if (d->shown_count == 0 && i == 0)
                    lb_ui_put(row + i, x + 2, _("(nothing matches)"), inner, LB_ATTR_DIM);
                continue;
            }
            bool cur = k == d->cursor;
            lb_ui_put(row + i, x + 2, d->items[d->shown[k]], inner,
                      cur ? LB_ATTR_CURSOR : LB_ATTR_DIALOG);
        }
        if (d->shown_count > 0) {
            cy = row + (int)(d->cursor - d->top);
            cx = x + 2;
        }
        row += list_rows;
    }
    int by = y + h - 2;
    if (d->kind == KIND_CONFIRM) {
        int bx = x + 2;
        int cancel_x = 0, ok_x = 0;
        draw_button(by, bx, _("Cancel"), d->focus_ok == 0, &cancel_x);
        char tmp[128];
        snprintf(tmp, sizeof tmp, "[ %s ]", _("Cancel"));
        bx += (int)lb_text_width(tmp, strlen(tmp)) + 2;
        draw_button(by, bx, d->ok_label, d->focus_ok == 1, &ok_x);
        cy = by;
        cx = d->focus_ok ? ok_x : cancel_x;
    } else if (d->kind == KIND_MESSAGE) {
        int ok_x = 0;
        draw_button(by, x + 2, _("OK"), true, &ok_x);
        cy = by;
        cx = ok_x;
    } else {
        const char *hint = d->kind == KIND_PICKER ? _("Type to search · Enter choose · Esc cancel")
                           : d->kind == KIND_TEXT
                               ? _("Enter new line · F2 or Ctrl-D done · Esc cancel")
                               : _("Enter confirm · Esc cancel");
        lb_ui_put(by, x + 2, hint, inner, LB_ATTR_DIM);
    }
    if (cy >= 0 && cy < LINES && cx >= 0 && cx < COLS)
        move(cy, cx);
}

/* ---- keys ---- */

static int finish(lb_dialog *d, bool accepted)
{
    lb_dialog_result res = {.accepted = accepted, .text = d->input, .index = 0};
    if (d->kind == KIND_PICKER) {
        if (accepted && d->shown_count == 0)
            return LB_UI_HANDLED;
        res.index = d->shown_count ? d->shown[d->cursor] : 0;
    }
    if (d->done)
        d->done(d->user, &res);
    return LB_UI_CLOSE | LB_UI_REDRAW;
}

static size_t prev_pos(const lb_dialog *d)
{
    size_t p = d->input_pos;
    if (p == 0)
        return 0;
    p--;
    while (p > 0 && ((unsigned char)d->input[p] & 0xC0) == 0x80)
        p--;
    return p;
}

static size_t next_pos(const lb_dialog *d)
{
    size_t p = d->input_pos;
    if (p >= d->input_len)
        return d->input_len;
    p++;
    while (p < d->input_len && ((unsigned char)d->input[p] & 0xC0) == 0x80)
        p++;
    return p;
}

static void edited(lb_dialog *d)
{
    d->input[d->input_len] = '\0';
    d->problem = NULL;
    if (d->kind == KIND_PICKER) {
        picker_refilter(d);
        d->cursor = 0;
        d->top = 0;
    }
    if (d->change)
        d->change(d->user, d->input);
}

/* Line editing shared by prompt and picker; true when the key was used. */
static bool edit_key(lb_dialog *d, const lb_key *k)
{
    if (!k->is_key) {
        unsigned c = k->ch;
        if (c == 0x15) { /* Ctrl-U: clear */
            d->input_len = d->input_pos = 0;
            edited(d);
            return true;
        }
        if (c == 0x7F || c == 0x08) {
            goto backspace;
        }
        if (c < 0x20 || (c >= 0x7F && c < 0xA0))
            return false;
        char enc[4];
        size_t n = lb_utf8_encode(c, enc);
        if (d->input_len + n >= d->input_cap)
            return true;
        memmove(d->input + d->input_pos + n, d->input + d->input_pos, d->input_len - d->input_pos);
        memcpy(d->input + d->input_pos, enc, n);
        d->input_len += n;
        d->input_pos += n;
        edited(d);
        return true;
    }
    switch (k->key) {
    case KEY_BACKSPACE:
    backspace : {
        size_t p = prev_pos(d);
        if (p == d->input_pos)
            return true;
        memmove(d->input + p, d->input + d->input_pos, d->input_len - d->input_pos);
        d->input_len -= d->input_pos - p;
        d->input_pos = p;
        edited(d);
        return true;
    }
    case KEY_DC: {
        size_t p = next_pos(d);
        memmove(d->input + d->input_pos, d->input + p, d->input_len - p);
        d->input_len -= p - d->input_pos;
        edited(d);
        return true;
    }
    case KEY_LEFT: d->input_pos = prev_pos(d); return true;
    case KEY_RIGHT: d->input_pos = next_pos(d); return true;
    case KEY_HOME: d->input_pos = 0; return true;
    case KEY_END: d->input_pos = d->input_len; return true;
    default: return false;
    }
}

static bool is_enter(const lb_key *k)
{
    return (!k->is_key && (k->ch == '\r' || k->ch == '\n')) || (k->is_key && k->key == KEY_ENTER);
}

static bool is_esc(const lb_key *k)
{
    return !k->is_key && k->ch == 0x1B;
}

/* The start of the line holding byte POS, and its end (the '\n' or the end). */
static size_t line_start(const lb_dialog *d, size_t pos)
{
    while (pos > 0 && d->input[pos - 1] != '\n')
        pos--;
    return pos;
}

static size_t line_end(const lb_dialog *d, size_t pos)
{
    while (pos < d->input_len && d->input[pos] != '\n')
        pos++;
    return pos;
}

/* The byte in the line starting at START that is COLS cells in (or its end). */
static size_t at_column(const lb_dialog *d, size_t start, int cols)
{
    size_t end = line_end(d, start), p = start;
    while (p < end) {
        size_t step = 1;
        while (p + step < end && ((unsigned char)d->input[p + step] & 0xC0) == 0x80)
            step++;
        int cw = (int)lb_text_width(d->input + p, step);
        if (cw > cols)
            break;
        cols -= cw;
        p += step;
    }
    return p;
}

static int text_key(lb_dialog *d, const lb_key *k)
{
    if ((!k->is_key && k->ch == 0x04) || (k->is_key && k->key == KEY_F(2))) {
        d->input[d->input_len] = '\0';
        if (d->check && (d->problem = d->check(d->user, d->input)) != NULL)
            return LB_UI_REDRAW;
        return finish(d, true);
    }
    if (is_enter(k)) {
        if (d->input_len + 1 >= d->input_cap)
            return LB_UI_HANDLED;
        memmove(d->input + d->input_pos + 1, d->input + d->input_pos, d->input_len - d->input_pos);
        d->input[d->input_pos++] = '\n';
        d->input_len++;
        edited(d);
        return LB_UI_REDRAW;
    }
    if (k->is_key && (k->key == KEY_UP || k->key == KEY_DOWN)) {
        size_t start = line_start(d, d->input_pos);
        int col = (int)lb_text_width(d->input + start, d->input_pos - start);
        if (k->key == KEY_UP && start > 0)
            d->input_pos = at_column(d, line_start(d, start - 1), col);
        else if (k->key == KEY_DOWN && line_end(d, d->input_pos) < d->input_len)
            d->input_pos = at_column(d, line_end(d, d->input_pos) + 1, col);
        return LB_UI_REDRAW;
    }
    if (k->is_key && k->key == KEY_HOME) {
        d->input_pos = line_start(d, d->input_pos);
        return LB_UI_REDRAW;
    }
    if (k->is_key && k->key == KEY_END) {
        d->input_pos = line_end(d, d->input_pos);
        return LB_UI_REDRAW;
    }
    return edit_key(d, k) ? LB_UI_REDRAW : LB_UI_HANDLED;
}

int lb_dialog_key(lb_dialog *d, const lb_key *k)
{
    if (is_esc(k))
        return finish(d, false);
    switch (d->kind) {
    case KIND_MESSAGE:
        if (is_enter(k) || (!k->is_key && k->ch == ' '))
            return finish(d, true);
        if (k->is_key && (k->key == KEY_DOWN || k->key == KEY_NPAGE)) {
            d->scroll += k->key == KEY_DOWN ? 1 : 10;
            return LB_UI_REDRAW;
        }
        if (k->is_key && (k->key == KEY_UP || k->key == KEY_PPAGE)) {
            size_t step = k->key == KEY_UP ? 1 : 10;
            d->scroll = d->scroll > step ? d->scroll - step : 0;
            return LB_UI_REDRAW;
        }
        return LB_UI_HANDLED;
    case KIND_CONFIRM:
        if (is_enter(k) || (!k->is_key && k->ch == ' '))
            return finish(d, d->focus_ok == 1);
        if ((k->is_key && (k->key == KEY_LEFT || k->key == KEY_RIGHT || k->key == KEY_BTAB)) ||
            (!k->is_key && k->ch == '\t')) {
            d->focus_ok = !d->focus_ok;
            return LB_UI_REDRAW;
        }
        return LB_UI_HANDLED;
    case KIND_PROMPT:
        if (is_enter(k)) {
            d->input[d->input_len] = '\0';
            if (d->check && (d->problem = d->check(d->user, d->input)) != NULL)
                return LB_UI_REDRAW;
            return finish(d, true);
        }
        return edit_key(d, k) ? LB_UI_REDRAW : LB_UI_HANDLED;
    case KIND_TEXT: return text_key(d, k);
    case KIND_PICKER:
        if (is_enter(k))
            return finish(d, true);
        if (k->is_key && k->key == KEY_UP) {
            if (d->cursor > 0)
                d->cursor--;
            return LB_UI_REDRAW;
        }
        if (k->is_key && k->key == KEY_DOWN) {
            if (d->cursor + 1 < d->shown_count)
                d->cursor++;
            return LB_UI_REDRAW;
        }
        if (k->is_key && (k->key == KEY_NPAGE || k->key == KEY_PPAGE)) {
            size_t step = 10;
            if (k->key == KEY_PPAGE)
                d->cursor = d->cursor > step ? d->cursor - step : 0;
            else
                d->cursor = d->cursor + step < d->shown_count
                                ? d->cursor + step
                                : (d->shown_count ? d->shown_count - 1 : 0);
            return LB_UI_REDRAW;
        }
        return edit_key(d, k) ? LB_UI_REDRAW : LB_UI_HANDLED;
    }
    return LB_UI_HANDLED;
}
