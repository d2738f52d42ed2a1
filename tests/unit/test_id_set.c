/* test_id_set.c — the selection's set of ids. */
#include "config.h"

#include <stdio.h>

#include "tests/tap.h"
#include "views/id_set.h"

int main(void)
{
    lb_id_set s;
    lb_id_set_init(&s);
    ok(!lb_id_set_has(&s, "a"), "an empty set has nothing");
    char id[32];
    bool all_added = true;
    for (int i = 0; i < 100000; i++) {
        snprintf(id, sizeof id, "id-%d", i);
        all_added &= lb_id_set_add(&s, id);
    }
    ok(all_added, "100,000 ids added");
    is_int((long long)lb_id_set_count(&s), 100000, "counted once each");
    lb_id_set_add(&s, "id-5");
    is_int((long long)lb_id_set_count(&s), 100000, "adding twice does not count twice");
    bool all_there = true;
    for (int i = 0; i < 100000; i += 7) {
        snprintf(id, sizeof id, "id-%d", i);
        all_there &= lb_id_set_has(&s, id);
    }
    ok(all_there, "every id is found");
    ok(!lb_id_set_has(&s, "id-100000"), "an id never added is not");
    for (int i = 0; i < 100000; i += 2) {
        snprintf(id, sizeof id, "id-%d", i);
        lb_id_set_remove(&s, id);
    }
    is_int((long long)lb_id_set_count(&s), 50000, "removing half leaves half");
    ok(!lb_id_set_has(&s, "id-4") && lb_id_set_has(&s, "id-5"), "the right half");
    for (int i = 0; i < 1000; i++) { /* reuse of removed slots */
        snprintf(id, sizeof id, "new-%d", i);
        lb_id_set_add(&s, id);
    }
    is_int((long long)lb_id_set_count(&s), 51000, "new ids after removals");
    ok(lb_id_set_has(&s, "new-999") && lb_id_set_has(&s, "id-99999"), "all still found");
    lb_id_set_clear(&s);
    is_int((long long)lb_id_set_count(&s), 0, "clear empties it");
    ok(!lb_id_set_has(&s, "id-5"), "and nothing is found after");
    lb_id_set_add(&s, "again");
    ok(lb_id_set_has(&s, "again"), "usable after clear");
    lb_id_set_done(&s);
    return tap_done();
}
