/* test_vt_harness.c — the pty harness shows what a terminal would show, sends
 * keys as xterm does, and leaves no process behind. */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>

#include "tests/tap.h"
#include "tests/vt_harness.h"

enum { WAIT_MS = 10000 };

static long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static lb_vt *spawn_sh_env(const char *script, const char *const *env, int rows, int cols)
{
    const char *argv[] = {"/bin/sh", "-c", script, NULL};
    char err[256];
    lb_vt *vt = lb_vt_spawn(argv, env, rows, cols, err, sizeof err);
    if (!vt)
        tap_bail("lb_vt_spawn: %s", err);
    return vt;
}

static lb_vt *spawn_sh(const char *script)
{
    return spawn_sh_env(script, NULL, 24, 80);
}

/* Has NEEDLE shown up in the raw output after MARK? Polls with a deadline. */
static bool wait_output(lb_vt *vt, size_t mark, const char *needle, size_t needle_len)
{
    long long deadline = now_ms() + WAIT_MS;
    for (;;) {
        size_t len;
        const unsigned char *out = lb_vt_output(vt, &len);
        for (size_t i = mark; i + needle_len <= len; i++)
            if (memcmp(out + i, needle, needle_len) == 0)
                return true;
        long long left = deadline - now_ms();
        if (left <= 0)
            return false;
        lb_vt_pump(vt, (int)left);
    }
}

static bool row_is(lb_vt *vt, int row, const char *want, const char *name)
{
    char *got = lb_vt_row_text(vt, row);
    bool same = is_str(got, want, "%s", name);
    if (!same)
        lb_vt_dump(vt, name);
    free(got);
    return same;
}

static void test_spawn_failure(void)
{
    const char *argv[] = {"/nonexistent/lbterm-vt", NULL};
    char err[256];
    lb_vt *vt = lb_vt_spawn(argv, NULL, 24, 80, err, sizeof err);
    ok(vt == NULL, "a missing program is an error");
    ok(strstr(err, "/nonexistent/lbterm-vt") && strstr(err, strerror(ENOENT)),
       "naming the program and the reason: %s", err);
    lb_vt_free(vt);
}

static void test_plain_text(void)
{
    lb_vt *vt = spawn_sh("printf 'hello world\\nsecond line\\n'");
    ok(lb_vt_wait_text(vt, "second line", WAIT_MS), "text shows up");
    row_is(vt, 0, "hello world", "row 0, trailing blanks trimmed");
    is_int(lb_vt_find_row(vt, "second"), 1, "find_row finds the second line");
    is_int(lb_vt_find_row(vt, "absent"), -1, "and -1 for absent text");
    char *screen = lb_vt_screen_text(vt);
    static const char top[] = "hello world\nsecond line\n\n";
    ok(screen && strncmp(screen, top, sizeof top - 1) == 0, "screen text joins the rows");
    int newlines = 0;
    for (const char *p = screen; p && *p; p++)
        newlines += *p == '\n';
    is_int(newlines, 23, "every one of the 24 rows");
    free(screen);
    size_t len;
    const unsigned char *out = lb_vt_output(vt, &len);
    ok(len == lb_vt_output_len(vt) && len >= 13 && memcmp(out, "hello world\r\n", 13) == 0,
       "the raw log has the bytes as the tty sent them (onlcr)");
    is_int(lb_vt_wait_exit(vt, WAIT_MS), 0, "sh exits 0");
    lb_vt_free(vt);
}

static void test_utf8(void)
{
    lb_vt *vt = spawn_sh("printf 'caf\\303\\251 \\344\\270\\255x \\360\\237\\230\\200y\\n"
                         "\\033[4;1H\\360\\237\\230\\200\\033[4;3H|"
                         "\\033[3;1H\\344\\270\\255\\344\\270\\255'");
    ok(lb_vt_wait_text(vt, "y", WAIT_MS), "UTF-8 text shows up");
    row_is(vt, 0, "café 中x 😀y", "é, a CJK and an emoji each appear once");
    lb_vt_wait_exit(vt, WAIT_MS);
    int row, col;
    lb_vt_cursor(vt, &row, &col);
    is_int(row, 2, "cursor row after two wide characters");
    is_int(col, 4, "each took two columns");
    /* Column 3 is right after a wide emoji. */
    row_is(vt, 3, "😀|", "an emoji is two columns wide too");
    lb_vt_free(vt);
}

static void test_cursor_and_attrs(void)
{
    lb_vt *vt = spawn_sh("printf '\\033[2J\\033[5;10HAT\\033[2;1Ha\\033[7mREV\\033[0mb"
                         "\\033[1;31mB\\033[0m\\033[4mU\\033[0m\\033[38;5;200mC\\033[44mD\\033[0m"
                         "\\033[8;3HEND'; exec cat");
    ok(lb_vt_wait_text(vt, "END", WAIT_MS), "positioned text shows up");
    row_is(vt, 4, "         AT", "CUP 5;10 puts text at row 4, column 9");
    int row, col;
    lb_vt_cursor(vt, &row, &col);
    is_int(row, 7, "cursor row");
    is_int(col, 5, "cursor column");
    lb_vt_attrs a;
    lb_vt_cell_attrs(vt, 1, 0, &a);
    ok(!a.reverse && !a.bold && !a.underline && a.fg == -1 && a.bg == -1, "plain cell is plain");
    lb_vt_cell_attrs(vt, 1, 1, &a);
    ok(a.reverse && !a.bold, "reverse video is seen");
    lb_vt_cell_attrs(vt, 1, 3, &a);
    ok(a.reverse, "on the whole word");
    lb_vt_cell_attrs(vt, 1, 4, &a);
    ok(!a.reverse, "and ends with SGR 0");
    lb_vt_cell_attrs(vt, 1, 5, &a);
    ok(a.bold && a.fg == 1 && a.bg == -1, "bold red: bold, fg 1 (got %d)", a.fg);
    lb_vt_cell_attrs(vt, 1, 6, &a);
    ok(a.underline && !a.bold, "underline");
    lb_vt_cell_attrs(vt, 1, 7, &a);
    is_int(a.fg, 200, "256-colour foreground");
    lb_vt_cell_attrs(vt, 1, 8, &a);
    ok(a.fg == 200 && a.bg == 4, "background 4 on top (got %d)", a.bg);
    lb_vt_free(vt);
}

static void test_resize(void)
{
    lb_vt *vt = spawn_sh("while read l; do stty size; done");
    lb_vt_send(vt, "x\n", 2);
    ok(lb_vt_wait_text(vt, "24 80", WAIT_MS), "the pty has the spawn size before exec");
    lb_vt_resize(vt, 30, 100);
    lb_vt_send(vt, "x\n", 2);
    ok(lb_vt_wait_text(vt, "30 100", WAIT_MS), "and the new size after lb_vt_resize");
    char *last = lb_vt_row_text(vt, 29);
    ok(last != NULL, "the emulated screen grew too");
    free(last);
    lb_vt_free(vt);

    /* A program learns of the resize through SIGWINCH. */
    vt = spawn_sh("trap 'stty size' WINCH; printf READY; while :; do read l; done");
    ok(lb_vt_wait_text(vt, "READY", WAIT_MS), "shell with a WINCH trap is ready");
    lb_vt_resize(vt, 20, 60);
    lb_vt_send(vt, "\n", 1); /* dash runs traps between commands */
    ok(lb_vt_wait_text(vt, "20 60", WAIT_MS), "the child got SIGWINCH");
    lb_vt_free(vt);
}

static void test_keys(void)
{
    lb_vt *vt = spawn_sh("stty raw -echo; printf READY; head -c 3 | od -An -tx1");
    ok(lb_vt_wait_text(vt, "READY", WAIT_MS), "raw mode is set");
    is_int(lb_vt_key(vt, "Up"), 0, "Up is sent");
    ok(lb_vt_wait_text(vt, "1b 5b 41", WAIT_MS), "as ESC [ A in normal cursor mode");
    lb_vt_free(vt);

    vt = spawn_sh("printf '\\033[?1h'; stty raw -echo; printf READY; head -c 3 | od -An -tx1");
    ok(lb_vt_wait_text(vt, "READY", WAIT_MS), "application cursor mode is set");
    lb_vt_key(vt, "Up");
    ok(lb_vt_wait_text(vt, "1b 4f 41", WAIT_MS), "Up is ESC O A then, as xterm sends it");
    lb_vt_free(vt);

    vt = spawn_sh("stty raw -echo; printf READY; exec cat");
    ok(lb_vt_wait_text(vt, "READY", WAIT_MS), "cat in raw mode is ready");
    static const struct {
        const char *key, *bytes;
    } cases[] = {
        {"Down", "\033[B"},      {"Right", "\033[C"},   {"Left", "\033[D"},
        {"Home", "\033[H"},      {"End", "\033[F"},     {"PageUp", "\033[5~"},
        {"PageDown", "\033[6~"}, {"Insert", "\033[2~"}, {"Delete", "\033[3~"},
        {"F1", "\033OP"},        {"F4", "\033OS"},      {"F5", "\033[15~"},
        {"F12", "\033[24~"},     {"Enter", "\r"},       {"Esc", "\033"},
        {"Tab", "\t"},           {"BackTab", "\033[Z"}, {"Backspace", "\177"},
        {"Space", " "},          {"C-a", "\001"},       {"C-c", "\003"},
        {"C-m", "\r"},           {"C-z", "\032"},       {"é", "\303\251"},
        {"F13", "F13"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        size_t mark = lb_vt_output_len(vt);
        /* A tag after the key tells where its echo ends. */
        char tag[16], want[48];
        snprintf(tag, sizeof tag, "<%zu>", i);
        snprintf(want, sizeof want, "%s%s", cases[i].bytes, tag);
        ok(lb_vt_key(vt, cases[i].key) == 0 && lb_vt_send(vt, tag, strlen(tag)) == 0 &&
               wait_output(vt, mark, want, strlen(want)),
           "key %s arrives as xterm sends it", cases[i].key);
    }

    /* Much input while cat echoes it: sending must keep reading. */
    enum { BIG = 256 * 1024 };
    char *big = malloc(BIG);
    if (!big)
        tap_bail("out of memory");
    for (size_t i = 0; i < BIG; i++)
        big[i] = (char)('a' + i % 26);
    memcpy(big + BIG - 4, "DONE", 4);
    size_t mark = lb_vt_output_len(vt);
    long long t0 = now_ms();
    is_int(lb_vt_send(vt, big, BIG), 0, "256 KiB to an echoing child do not deadlock");
    ok(wait_output(vt, mark, "DONE", 4), "and all come back (%lld ms)", now_ms() - t0);
    is_int((long long)(lb_vt_output_len(vt) - mark), BIG, "byte for byte");
    free(big);
    lb_vt_free(vt);
}

static void test_env(void)
{
    setenv("LB_VT_GONE", "1", 1);
    setenv("LINES", "7", 1);
    const char *env[] = {"FOO=bar", "EMPTY=", "LB_VT_GONE", "FOO=baz", NULL};
    lb_vt *vt = spawn_sh_env("printf '[%s][%s][%s][%s][%s]\\n' \"$TERM\" \"${FOO-unset}\" "
                             "\"${EMPTY-unset}\" \"${LB_VT_GONE-unset}\" \"${LINES-unset}\"",
                             env, 24, 80);
    ok(lb_vt_wait_text(vt, "]", WAIT_MS), "environment printed");
    row_is(vt, 0, "[xterm-256color][baz][][unset][unset]",
           "TERM default, last FOO wins, empty stays set, bare name unsets, LINES dropped");
    lb_vt_free(vt);
    unsetenv("LINES");

    const char *term[] = {"TERM=vt100", NULL};
    vt = spawn_sh_env("echo \"<$TERM>\"", term, 24, 80);
    ok(lb_vt_wait_text(vt, "<vt100>", WAIT_MS), "ENV_SET can choose TERM");
    lb_vt_free(vt);
}

static void test_waits(void)
{
    lb_vt *vt = spawn_sh("printf 'gone soon'; read l; printf '\\033[2J\\033[Hnew'; exec cat");
    ok(lb_vt_wait_row_text(vt, 0, "gone soon", WAIT_MS), "row 0 has the text");
    ok(!lb_vt_wait_row_text(vt, 1, "gone soon", 200), "row 1 has not");
    long long t0 = now_ms();
    ok(!lb_vt_wait_text(vt, "never printed", 300), "absent text times out with false");
    long long took = now_ms() - t0;
    ok(took >= 300 && took < 2000, "after the timeout, not long after (%lld ms)", took);
    t0 = now_ms();
    ok(lb_vt_wait_quiet(vt, 100, WAIT_MS), "a silent child is quiet");
    took = now_ms() - t0;
    ok(took >= 100 && took < 2000, "after the quiet time (%lld ms)", took);
    lb_vt_send(vt, "\n", 1);
    ok(lb_vt_wait_gone(vt, "gone soon", WAIT_MS), "cleared text is gone");
    ok(lb_vt_wait_text(vt, "new", WAIT_MS), "and the new text is there");
    lb_vt_free(vt);

    /* A child that is done: waits give up at once, the screen stays. */
    vt = spawn_sh("printf final");
    is_int(lb_vt_wait_exit(vt, WAIT_MS), 0, "child finished");
    t0 = now_ms();
    ok(!lb_vt_wait_text(vt, "never", WAIT_MS), "waiting on a closed pty is false");
    ok(now_ms() - t0 < 1000, "at once");
    row_is(vt, 0, "final", "the last screen is kept");
    lb_vt_free(vt);

    /* Much output: waiting for the exit keeps reading so the child can finish. */
    vt = spawn_sh("i=0; while [ $i -lt 4000 ]; do i=$((i+1)); echo \"line $i of output\"; done");
    is_int(lb_vt_wait_exit(vt, 30000), 0, "a chatty child is not blocked by a full pty");
    ok(lb_vt_find_row(vt, "line 4000 of output") >= 0, "its last line is on screen");
    ok(lb_vt_output_len(vt) > 4000 * 18, "the log has all of it (%zu bytes)", lb_vt_output_len(vt));
    lb_vt_free(vt);
}

static void test_exit_and_cleanup(void)
{
    lb_vt *vt = spawn_sh("exit 3");
    is_int(lb_vt_wait_exit(vt, WAIT_MS), 3, "exit status 3");
    is_int(lb_vt_wait_exit(vt, 0), 3, "asked again");
    lb_vt_free(vt);

    vt = spawn_sh("kill -TERM $$");
    is_int(lb_vt_wait_exit(vt, WAIT_MS), 128 + SIGTERM, "killed by SIGTERM is 128+15");
    lb_vt_free(vt);

    /* The test ignores SIGPIPE; the child must not inherit that. */
    vt = spawn_sh("kill -PIPE $$");
    is_int(lb_vt_wait_exit(vt, WAIT_MS), 128 + SIGPIPE, "signal dispositions are reset");
    lb_vt_free(vt);

    vt = spawn_sh("printf READY; exec cat");
    ok(lb_vt_wait_text(vt, "READY", WAIT_MS), "cat runs");
    is_int(lb_vt_wait_exit(vt, 100), -1, "a running child is a timeout");
    kill(lb_vt_pid(vt), SIGKILL);
    is_int(lb_vt_wait_exit(vt, WAIT_MS), 128 + SIGKILL, "killed by SIGKILL is 128+9");
    lb_vt_free(vt);

    vt = spawn_sh("printf READY; exec cat");
    ok(lb_vt_wait_text(vt, "READY", WAIT_MS), "another cat runs");
    pid_t pid = lb_vt_pid(vt);
    lb_vt_free(vt);
    errno = 0;
    ok(waitpid(pid, NULL, WNOHANG) < 0 && errno == ECHILD, "lb_vt_free leaves no zombie");
    ok(kill(pid, 0) < 0 && errno == ESRCH, "nor a process");

    vt = spawn_sh("trap '' TERM; printf READY; exec cat");
    ok(lb_vt_wait_text(vt, "READY", WAIT_MS), "a child that ignores SIGTERM runs");
    pid = lb_vt_pid(vt);
    long long t0 = now_ms();
    lb_vt_free(vt);
    long long took = now_ms() - t0;
    ok(took >= 1900 && took < 6000, "is killed after 2 s (%lld ms)", took);
    errno = 0;
    ok(waitpid(pid, NULL, WNOHANG) < 0 && errno == ECHILD, "and reaped");
}

int main(void)
{
    /* As a test runner may leave it; the child must still get the default. */
    signal(SIGPIPE, SIG_IGN);
    test_spawn_failure();
    test_plain_text();
    test_utf8();
    test_cursor_and_attrs();
    test_resize();
    test_keys();
    test_env();
    test_waits();
    test_exit_and_cleanup();
    return tap_done();
}
