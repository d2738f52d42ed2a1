/* id_set.h — a set of record ids (strings), for selections that must survive
 * sort, filter and refresh. The set owns copies of its ids. */
#ifndef LB_ID_SET_H
#define LB_ID_SET_H

#include <stdbool.h>
#include <stddef.h>

typedef struct {
    char **slots;
    size_t cap, count, tombstones;
} lb_id_set;

void lb_id_set_init(lb_id_set *s);
void lb_id_set_done(lb_id_set *s);
bool lb_id_set_has(const lb_id_set *s, const char *id);
/* False only when out of memory. */
bool lb_id_set_add(lb_id_set *s, const char *id);
void lb_id_set_remove(lb_id_set *s, const char *id);
void lb_id_set_clear(lb_id_set *s);
size_t lb_id_set_count(const lb_id_set *s);

#endif
