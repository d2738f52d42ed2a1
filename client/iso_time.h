/* iso_time.h — the bus's UTC timestamps, parsed strictly into seconds. */
#ifndef LB_ISO_TIME_H
#define LB_ISO_TIME_H

#include <stdbool.h>
#include <stdint.h>

/* Seconds since 1970-01-01T00:00:00Z. 64 bits on every platform. */
typedef int64_t lb_time;
/* A nullable date that was null. */
#define LB_TIME_NULL INT64_MIN

/* "2017-06-12T08:00:00Z", optionally with a fraction ("08:00:00.123Z", the
 * fraction is dropped). Only UTC ("Z"); years 0001..9999; the day must exist
 * in its month. Returns false on anything else and leaves *OUT alone. */
bool lb_time_parse_datetime(const char *s, lb_time *out);
/* A DAV date "2017-06-12", as midnight UTC. */
bool lb_time_parse_date(const char *s, lb_time *out);

#endif
