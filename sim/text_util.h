/* text_util.h — small text helpers: a growing string, base64, ISO dates,
 * id checks, SHA-256. */
#ifndef LB_SIM_TEXT_UTIL_H
#define LB_SIM_TEXT_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

/* A growing NUL-terminated string; on allocation failure `failed` is set and
 * further appends are ignored (checked once at the end). */
typedef struct sim_sb {
    char *s;
    size_t len, cap;
    bool failed;
} sim_sb;

void sim_sb_append(sim_sb *sb, const char *text, size_t n);
void sim_sb_puts(sim_sb *sb, const char *text);
void sim_sb_printf(sim_sb *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void sim_sb_done(sim_sb *sb);

/* base64url without padding; returns a malloc'd string or NULL. */
char *sim_base64url_encode(const unsigned char *data, size_t len);
/* Decodes base64url (no padding) or standard base64 (with padding) into a
 * malloc'd buffer; NULL when the input is not valid. */
unsigned char *sim_base64url_decode(const char *text, size_t *out_len);
unsigned char *sim_base64_decode(const char *text, size_t *out_len);

/* "YYYY-MM-DDTHH:MM:SSZ" into BUF (at least 21 bytes). */
void sim_iso_time(time_t t, char *buf);
void sim_iso_now(char *buf);
/* "YYYY-MM-DD" of today (UTC), BUF at least 11 bytes. */
void sim_today(char *buf);
/* A real calendar date "YYYY-MM-DD". */
bool sim_is_date(const char *s);
/* A date-time "YYYY-MM-DDTHH:MM:SSZ" (or a bare date); writes the
 * normalised form, the bare date taking END_OF_DAY into account. */
bool sim_parse_datetime(const char *s, bool end_of_day, char *out21);

bool sim_is_guid(const char *s);
bool sim_is_hex64(const char *s);
/* Number of UTF-8 code points (invalid bytes count as one each). */
size_t sim_utf8_length(const char *s);

/* Lowercase hex SHA-256 of DATA into OUT (65 bytes). */
void sim_sha256_hex(const void *data, size_t len, char *out);

/* Deterministic PRNG (splitmix64): never rand(). */
typedef struct sim_rng {
    uint64_t state;
} sim_rng;
uint64_t sim_rng_next(sim_rng *r);
/* Uniform in [lo, hi]. */
long sim_rng_range(sim_rng *r, long lo, long hi);
double sim_rng_unit(sim_rng *r);
/* A version-4 style GUID in lowercase, into OUT (37 bytes). */
void sim_rng_guid(sim_rng *r, char *out);

/* A fresh random GUID for records created at run time (OUT: 37 bytes). */
void sim_new_guid(char *out);

#endif
