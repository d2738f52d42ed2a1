/* iso_time.c — fixed-format parsing; no locale, no timegm(), no TZ. */
#include "config.h"

#include "client/iso_time.h"

static bool digits(const char *s, int n, int *out)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return true;
}

static bool is_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* Days from 1970-01-01 to Y-M-D in the proleptic Gregorian calendar
 * (H. Hinnant's days_from_civil). */
static int64_t days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    const int64_t era = (y >= 0 ? y : y - 399) / 400;
    const int64_t yoe = y - era * 400;
    const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

/* Parses "YYYY-MM-DD" at S; returns days since the epoch through *DAYS. */
static bool parse_ymd(const char *s, int64_t *days)
{
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int y, m, d;
    if (!digits(s, 4, &y) || s[4] != '-' || !digits(s + 5, 2, &m) || s[7] != '-' ||
        !digits(s + 8, 2, &d))
        return false;
    if (y < 1 || m < 1 || m > 12 || d < 1)
        return false;
    if (d > mdays[m - 1] + (m == 2 && is_leap(y)))
        return false;
    *days = days_from_civil(y, m, d);
    return true;
}

bool lb_time_parse_date(const char *s, lb_time *out)
{
    int64_t days;
    if (!s || !parse_ymd(s, &days) || s[10] != '\0')
        return false;
    *out = days * 86400;
    return true;
}

bool lb_time_parse_datetime(const char *s, lb_time *out)
{
    int64_t days;
    int hh, mm, ss;
    if (!s || !parse_ymd(s, &days) || s[10] != 'T' || !digits(s + 11, 2, &hh) || s[13] != ':' ||
        !digits(s + 14, 2, &mm) || s[16] != ':' || !digits(s + 17, 2, &ss))
        return false;
    if (hh > 23 || mm > 59 || ss > 59)
        return false;
    const char *p = s + 19;
    if (*p == '.') {
        int n = 0;
        for (p++; *p >= '0' && *p <= '9'; p++)
            n++;
        if (n < 1 || n > 9)
            return false;
    }
    if (p[0] != 'Z' || p[1] != '\0')
        return false;
    *out = days * 86400 + hh * 3600 + mm * 60 + ss;
    return true;
}
