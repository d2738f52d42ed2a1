/* test_archive_journal.c — the archive journal as a file (lines with their
 * CRC, fields that survive any bytes, a torn last line ignored, a damaged
 * middle line refused, atomic creation, the lock, the rename out of the way,
 * the crash hook killing at an exact write) and what DAV receives for a
 * record (naam, dates, extensions, base64). No simulator. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "client/archive.h"
#include "client/archive_internal.h"
#include "client/archive_journal.h"
#include "tests/tap.h"
#include "tests/unit/test_archive_util.h"

static char dir[256];

static void write_file(const char *path, const char *data, size_t len)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (fd < 0 || write(fd, data, len) != (ssize_t)len)
        tap_bail("cannot write %s", path);
    close(fd);
}

static void lines(void)
{
    arc_jbuf b;
    arc_jbuf_init(&b);
    const char *odd = "a b%c\n\x1b[2J\xe2\x80\xae\xc3\xa9=-";
    arc_jbuf_tag(&b, "I");
    arc_jbuf_num(&b, 7);
    arc_jbuf_str(&b, "create");
    arc_jbuf_str(&b, NULL);
    arc_jbuf_str(&b, "");
    arc_jbuf_str(&b, odd);
    arc_jbuf_str(&b, "-");
    arc_jbuf_end(&b);
    ok(!b.failed && b.len > 0 && b.buf[b.len - 1] == '\n', "a line ends with a newline");
    ok(memchr(b.buf, '\n', b.len - 1) == NULL && !strchr(b.buf, '\x1b'),
       "a field with a newline and ESC stays on one line, escaped: %.60s", b.buf);
    arc_jfile f;
    lb_error err;
    is_int(arc_jfile_parse(b.buf, b.len, &f, &err), LB_OK, "the line parses back");
    ok(f.count == 1 && f.lines[0].n == 7, "with its 7 fields");
    if (f.count == 1 && f.lines[0].n == 7) {
        is_str(f.lines[0].f[0], "I", "the tag");
        is_str(f.lines[0].f[1], "7", "a number");
        ok(f.lines[0].f[3] == NULL, "NULL stays NULL");
        is_str(f.lines[0].f[4], "", "the empty string stays empty");
        is_str(f.lines[0].f[5], odd, "spaces, %%, newline, ESC, bidi and UTF-8 survive");
        is_str(f.lines[0].f[6], "-", "a lone dash is not NULL");
    }
    is_int((long long)f.valid_bytes, (long long)b.len, "all bytes are valid");
    ok(!f.torn, "nothing torn");
    arc_jfile_done(&f);

    /* Two good lines, then a torn one in every possible place. */
    arc_jbuf_tag(&b, "D");
    arc_jbuf_num(&b, 7);
    arc_jbuf_str(&b, "create");
    arc_jbuf_end(&b);
    size_t two = b.len;
    arc_jbuf_tag(&b, "S");
    arc_jbuf_num(&b, 7);
    arc_jbuf_str(&b, "done");
    arc_jbuf_end(&b);
    size_t three = b.len;
    bool all_ok = true;
    for (size_t cut = two + 1; cut < three; cut++) {
        arc_jfile_parse(b.buf, cut, &f, &err);
        all_ok = all_ok && f.count == 2 && f.torn && f.valid_bytes == two;
        arc_jfile_done(&f);
    }
    ok(all_ok, "a last line cut at any byte is ignored, the two before it kept");
    char *flipped = malloc(three);
    memcpy(flipped, b.buf, three);
    flipped[three - 5] ^= 1; /* the CRC of the last line */
    arc_jfile_parse(flipped, three, &f, &err);
    ok(f.count == 2 && f.torn, "a last line with a wrong CRC is ignored too");
    arc_jfile_done(&f);
    memcpy(flipped, b.buf, three);
    flipped[two - 20] ^= 0x20; /* inside the second line */
    is_int(arc_jfile_parse(flipped, three, &f, &err), LB_ERR_CONFIG,
           "a damaged line before the last is refused: %s", err.detail);
    arc_jfile_done(&f);
    memcpy(flipped, b.buf, three);
    arc_jfile_parse(flipped, three, &f, &err);
    is_int((long long)f.count, 3, "the intact buffer has all three lines");
    arc_jfile_done(&f);
    free(flipped);
    arc_jbuf_done(&b);
    is_int((long long)arc_crc32("123456789", 9), 0xCBF43926, "CRC-32 of the check string");
}

static void files(void)
{
    char path[300], report[400];
    snprintf(path, sizeof path, "%s/archive.journal", dir);
    arc_jbuf h;
    arc_jbuf_init(&h);
    arc_jbuf_tag(&h, "H");
    arc_jbuf_str(&h, "test");
    arc_jbuf_end(&h);
    lb_error err;
    arc_journal *j = arc_journal_create(path, &h, &err);
    ok(j != NULL, "a journal is created");
    ok(arc_journal_locked(path), "and locked while open");
    arc_journal *j2 = arc_journal_create(path, &h, &err);
    ok(!j2 && err.status == LB_ERR_CONFLICT, "a second create at the same path is refused");
    arc_journal *j3 = arc_journal_reopen(path, 0, &err);
    ok(!j3 && err.status == LB_ERR_CONFLICT, "and so is opening it while it is held: %s",
       err.detail);
    arc_jbuf l;
    arc_jbuf_init(&l);
    arc_jbuf_tag(&l, "I");
    arc_jbuf_num(&l, 0);
    arc_jbuf_end(&l);
    is_int(arc_journal_write(j, &l, true, &err), LB_OK, "a line is appended");
    arc_journal_close(j);
    ok(!arc_journal_locked(path), "closing releases the lock");
    /* A torn tail, as a crash leaves it. */
    int fd = open(path, O_WRONLY | O_APPEND);
    if (write(fd, "D =0 =cre", 9) != 9)
        tap_diag("short write");
    close(fd);
    arc_jfile f;
    is_int(arc_jfile_read(path, &f, &err), LB_OK, "the journal reads");
    ok(f.count == 2 && f.torn, "with its two lines; the torn tail is left out");
    size_t valid = f.valid_bytes;
    arc_jfile_done(&f);
    j = arc_journal_reopen(path, valid, &err);
    ok(j != NULL, "it reopens for appending");
    is_int(arc_journal_write(j, &l, true, &err), LB_OK, "and takes a line after the cut");
    arc_journal_close(j);
    arc_jfile_read(path, &f, &err);
    ok(f.count == 3 && !f.torn, "the torn tail was cut before the new line: %zu lines", f.count);
    arc_jfile_done(&f);
    char *np = NULL;
    is_int(arc_journal_retire(path, &np, &err), LB_OK, "a finished journal is renamed away");
    struct stat st;
    ok(np && strstr(np, ".done-") && stat(np, &st) == 0 && stat(path, &st) != 0,
       "to %s, the path is free", np ? np : "?");
    snprintf(report, sizeof report, "%s", np ? np : "");
    free(np);
    is_int(arc_jfile_read(path, &f, &err), LB_ERR_NOT_FOUND, "nothing is left at the path");
    size_t left = 9;
    ok(!lb_archive_journal_pending(path, &left, &err) && err.status == LB_OK && left == 0,
       "no journal: nothing pending");
    is_int(lb_archive_journal_close(path, &err), LB_OK, "closing no journal is fine");

    /* A journal as the job writes it: two records, one finished. */
    arc_jbuf_done(&h);
    arc_jbuf_init(&h);
    arc_jbuf_tag(&h, "H");
    arc_jbuf_str(&h, "lbterm-archive-1");
    arc_jbuf_num(&h, 0);
    arc_jbuf_num(&h, 2);
    arc_jbuf_end(&h);
    for (int i = 0; i < 2; i++) {
        arc_jbuf_tag(&h, "R");
        arc_jbuf_num(&h, i);
        arc_jbuf_str(&h, "m");
        arc_jbuf_str(&h, i ? "00000000-0000-4000-8000-000000000002"
                           : "00000000-0000-4000-8000-000000000001");
        arc_jbuf_str(&h, NULL);
        arc_jbuf_str(&h, NULL);
        arc_jbuf_num(&h, 0);
        arc_jbuf_str(&h, "AV 23/09");
        arc_jbuf_end(&h);
    }
    arc_jbuf_tag(&h, "S");
    arc_jbuf_num(&h, 0);
    arc_jbuf_str(&h, "done");
    arc_jbuf_str(&h, "LB_OK");
    arc_jbuf_num(&h, 0);
    arc_jbuf_str(&h, NULL);
    arc_jbuf_str(&h, NULL);
    arc_jbuf_end(&h);
    j = arc_journal_create(path, &h, &err);
    arc_journal_close(j);
    bool pending = lb_archive_journal_pending(path, &left, &err);
    ok(pending && left == 1, "one of two records unfinished: pending, 1 left (%zu)", left);
    is_int(lb_archive_journal_close(path, &err), LB_ERR_CONFLICT,
           "an unfinished journal is not renamed away");
    lb_test_job_seen seen = {0};
    lb_archive_check c = {.kind = LB_ARCHIVE_MEETING,
                          .id = (char *)"00000000-0000-4000-8000-000000000003",
                          .verdict = LB_ARCHIVE_READY};
    ok(!lb_archive_job_start(NULL, path, &c, 1, NULL, &lb_test_arch_callbacks, &seen, &err) &&
           err.status == LB_ERR_CONFLICT,
       "a new job refuses a journal with unfinished work: %s", err.detail);
    j = arc_journal_reopen(path, (size_t)-1, &err);
    arc_jbuf_done(&l);
    arc_jbuf_init(&l);
    arc_jbuf_tag(&l, "S");
    arc_jbuf_num(&l, 1);
    arc_jbuf_str(&l, "failed");
    arc_jbuf_str(&l, "LB_ERR_CONFLICT");
    arc_jbuf_num(&l, 409);
    arc_jbuf_str(&l, NULL);
    arc_jbuf_str(&l, "still active");
    arc_jbuf_end(&l);
    arc_journal_write(j, &l, true, &err);
    is_int(lb_archive_journal_close(path, &err), LB_ERR_CONFLICT,
           "a journal held by a job is not renamed away");
    arc_journal_close(j);
    ok(!lb_archive_journal_pending(path, &left, &err) && left == 0, "all finished: not pending");
    is_int(lb_archive_journal_close(path, &err), LB_OK, "and renamed away");
    ok(stat(path, &st) != 0, "the path is free again");
    (void)report;
    arc_jbuf_done(&h);
    arc_jbuf_done(&l);

    /* Not a journal of ours. */
    write_file(path, "hello\n", 6);
    ok(!lb_archive_job_resume(NULL, path, &lb_test_arch_callbacks, &seen, &err) &&
           err.status == LB_ERR_CONFIG,
       "a file that is not a journal is not resumed: %s", err.detail);
    write_file(path, "junk line\nmore\n", 15);
    ok(!lb_archive_journal_pending(path, &left, &err) && err.status == LB_ERR_CONFIG,
       "a damaged journal is reported, not taken as empty");
    unlink(path);
}

/* The crash hook kills right after the Nth write, never later. */
static void crash_hook(void)
{
    char path[300];
    snprintf(path, sizeof path, "%s/crash.journal", dir);
    for (int n = 1; n <= 4; n++) {
        unlink(path);
        pid_t pid = fork();
        if (pid == 0) {
            char v[8];
            snprintf(v, sizeof v, "%d", n);
            setenv("LBTERM_ARCHIVE_CRASH_AFTER", v, 1);
            arc_jbuf b;
            arc_jbuf_init(&b);
            arc_jbuf_tag(&b, "H");
            arc_jbuf_end(&b);
            lb_error err;
            arc_journal *j = arc_journal_create(path, &b, &err);
            for (int i = 0; j && i < 5; i++)
                arc_journal_write(j, &b, i % 2 == 0, &err);
            _exit(0);
        }
        int status = 0;
        waitpid(pid, &status, 0);
        arc_jfile f;
        lb_error err;
        arc_jfile_read(path, &f, &err);
        ok(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL && f.count == (size_t)n,
           "LBTERM_ARCHIVE_CRASH_AFTER=%d: killed with %zu lines written", n, f.count);
        arc_jfile_done(&f);
    }
    unlink(path);
}

static void meta(void)
{
    arc_source s = {.kind = LB_ARCHIVE_MEETING,
                    .name = "CBS 20170612",
                    .type_name = "College van burgemeester en schepenen",
                    .owner_name = "Secretariaat",
                    .owner_type = "team",
                    .begin = 1497254400 + 8 * 3600, /* 2017-06-12T08:00:00Z */
                    .end = LB_TIME_NULL};
    char open[11], close[11], buf[64];
    arc_dossier_dates(&s, open, close);
    is_str(open, "2017-06-12", "a meeting opens on its begin date");
    is_str(close, "2017-06-12", "and without an end closes the same day");
    char *b = arc_dossier_beschrijving(&s);
    is_str(b, "College van burgemeester en schepenen van 12 juni 2017", "the deck's beschrijving");
    free(b);
    is_str(arc_ext_value(&s, "Dossier - Vergaderorgaan", buf, sizeof buf),
           "College van burgemeester en schepenen", "Vergaderorgaan: the meeting type");
    is_str(arc_ext_value(&s, "Dossier - Data - Vergaderdatum", buf, sizeof buf), "2017-06-12",
           "Vergaderdatum: the begin date");
    is_str(arc_ext_value(&s, "Dossier - Organisatiestructuur - Team", buf, sizeof buf),
           "Secretariaat", "Team: the owning team");
    ok(!arc_ext_value(&s, "Dossier - Onbekend", buf, sizeof buf), "an unknown extension: none");
    arc_ext_def defs[] = {{"Dossier - Vergaderorgaan", "dossier", "tekst", true},
                          {"Dossier - Data - Vergaderdatum", "dossier", "datum", true},
                          {"Stuk - Documenttype", "stuk", "tekst", false}};
    ok(!arc_ext_missing(&s, defs, 3), "a meeting fills its series' required extensions");
    s.begin = LB_TIME_NULL;
    is_str(arc_ext_missing(&s, defs, 3), "Dossier - Data - Vergaderdatum",
           "without a begin date the Vergaderdatum is missing");
    defs[2].verplicht = true;
    s.begin = 1497254400;
    is_str(arc_ext_missing(&s, defs, 3), "Stuk - Documenttype",
           "a required piece-level extension cannot be filled");

    char longname[1200] = "";
    for (int i = 0; i < 300; i++)
        strcat(longname, "\xc3\xa9"); /* é: 2 bytes, 1 character */
    arc_source l = {.kind = LB_ARCHIVE_MEETING, .name = longname};
    char *n = arc_dossier_naam(&l);
    is_int((long long)strlen(n), 510, "a naam is cut at 255 characters, not bytes");
    char *u = arc_dossier_naam_unique(n, "0c2e4a6b-8d1f-4e3a-9b5c-7d9e1f3a5b7c");
    size_t chars = 0;
    for (const char *p = u; *p; p++)
        chars += ((unsigned char)*p & 0xC0) != 0x80;
    ok(chars == 255 && strstr(u, " (0c2e4a6b-8d1f-4e3a-9b5c-7d9e1f3a5b7c)"),
       "the unique naam ends in the record id and stays at 255 characters");
    free(n);
    free(u);
    arc_source item = {
        .kind = LB_ARCHIVE_AGENDA_ITEM, .meeting_name = "AV 27/10", .item_number = 3};
    n = arc_dossier_naam(&item);
    is_str(n, "AV 27/10 - Agendapunt 3", "an agenda item's naam names its meeting");
    free(n);
    arc_source d = {.kind = LB_ARCHIVE_DOSSIER,
                    .number = "EV-2021-0414",
                    .name = "Fuif Thomas",
                    .begin = 1618392000,
                    .end = LB_TIME_NULL,
                    .department = "Dienst Economie"};
    n = arc_dossier_naam(&d);
    is_str(n, "EV-2021-0414 Fuif Thomas", "a dossier's naam: number and name");
    free(n);
    arc_dossier_dates(&d, open, close);
    ok(strcmp(open, "2021-04-14") == 0 && close[0] == '\0', "an open dossier has no closing date");
    is_str(arc_ext_value(&d, "Dossier - Organisatiestructuur - Team", buf, sizeof buf),
           "Dienst Economie", "a dossier's team: its department");
    char *b64 = arc_base64("hello!?", 7);
    is_str(b64, "aGVsbG8hPw==", "base64 with padding");
    free(b64);
    b64 = arc_base64("", 0);
    is_str(b64, "", "base64 of nothing");
    free(b64);
    ok(arc_is_guid("a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d") && !arc_is_guid("a1b2c3d4") &&
           !arc_is_guid("a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5g"),
       "GUIDs are recognised");

    lb_archive_check c = {.kind = LB_ARCHIVE_MEETING,
                          .verdict = LB_ARCHIVE_NO_SERIES,
                          .detail = (char *)"Adviesraad Cultuur"};
    char text[200];
    lb_archive_verdict_text(&c, text, sizeof text);
    ok(strstr(text, "Adviesraad Cultuur") != NULL, "the reason names the type: %s", text);
    c.verdict = LB_ARCHIVE_MISSING_EXTENSION;
    c.detail = (char *)"Dossier - Data - Vergaderdatum";
    lb_archive_verdict_text(&c, text, sizeof text);
    ok(strstr(text, "Vergaderdatum") != NULL, "and the extension: %s", text);
}

int main(void)
{
    lb_test_arch_tmpdir(dir, sizeof dir);
    lines();
    files();
    crash_hook();
    meta();
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        tap_diag("could not remove %s", dir);
    return tap_done();
}
