/* test_sim_limits.c — lbbus-sim service protection and faults: the per-user
 * request budget and concurrency (429 + Retry-After, Dataverse shape), the
 * gateway limit (gateway shape), and every fault mode, switched at start
 * and through POST /_sim/faults, reproducible from --fault-seed. */
#include "config.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tests/sim/simtest.h"
#include "tests/tap.h"

#define SEC "demo-secretaris"

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void rate_limit(void)
{
    lb_test_sim s;
    const char *args[] = {"--rate-limit", "5/300", NULL};
    st_start(&s, args);
    bool all_ok = true;
    for (int i = 0; i < 5; i++)
        if (st_status(&s, "GET", "/crm/whoami", SEC, NULL, NULL) != 200)
            all_ok = false;
    ok(all_ok, "five requests within the budget");
    cJSON *j = NULL;
    lb_test_response r;
    is_int(st_req(&s, "GET", "/crm/whoami", SEC, NULL, NULL, &j, &r), 429, "the sixth: 429");
    char ra[32];
    ok(lb_test_response_header(&r, "Retry-After", ra, sizeof ra) && atoi(ra) > 0,
       "with Retry-After (%s s)",
       lb_test_response_header(&r, "Retry-After", ra, sizeof ra) ? ra : "-");
    is_str(st_code(j), "0x80072322", "in the Dataverse service protection shape");
    ok(strstr(st_str(j, "error.message"), "limit of 5 over time window of 300 seconds") != NULL,
       "naming the limit");
    lb_test_response_done(&r);
    cJSON_Delete(j);
    int first = atoi(ra), last = first;
    for (int i = 0; i < 3; i++) {
        st_req(&s, "GET", "/crm/whoami", SEC, NULL, NULL, NULL, &r);
        if (lb_test_response_header(&r, "Retry-After", ra, sizeof ra))
            last = atoi(ra);
        lb_test_response_done(&r);
    }
    ok(last > first, "pushing on while throttled makes Retry-After longer (%d s, then %d s)", first,
       last);
    is_int(st_status(&s, "GET", "/crm/whoami", "demo-archivaris", NULL, NULL), 200,
           "another user has its own budget");
    is_int(st_status(&s, "GET", "/health", NULL, NULL, NULL), 200, "/health is not throttled");
    st_stop(&s);
}

typedef struct par {
    const lb_test_sim *sim;
    long status;
    char code[16];
} par;

static void *one_request(void *arg)
{
    par *p = arg;
    cJSON *j = NULL;
    p->status = st_req(p->sim, "GET", "/crm/whoami", SEC, NULL, NULL, &j, NULL);
    snprintf(p->code, sizeof p->code, "%s", st_code(j));
    cJSON_Delete(j);
    return NULL;
}

static void concurrency(void)
{
    lb_test_sim s;
    const char *args[] = {"--concurrency", "1", "--latency-ms", "1500", NULL};
    st_start(&s, args);
    enum { N = 4 };
    pthread_t t[N];
    par p[N];
    for (int i = 0; i < N; i++) {
        p[i].sim = &s;
        pthread_create(&t[i], NULL, one_request, &p[i]);
    }
    int ok200 = 0, n429 = 0;
    bool codes = true;
    for (int i = 0; i < N; i++) {
        pthread_join(t[i], NULL);
        ok200 += p[i].status == 200;
        n429 += p[i].status == 429;
        if (p[i].status == 429 && strcmp(p[i].code, "0x80072326") != 0)
            codes = false;
    }
    ok(codes, "the refusals carry Dataverse's concurrency code 0x80072326");
    ok(ok200 >= 1 && n429 >= 1 && ok200 + n429 == N,
       "one request in flight per user: %d answered, %d refused with 429", ok200, n429);
    st_stop(&s);
}

static void gateway_limit(void)
{
    lb_test_sim s;
    const char *args[] = {"--gateway-rate-limit", "2/60", NULL};
    st_start(&s, args);
    const char *key[] = {"Ocp-Apim-Subscription-Key: abc", NULL};
    st_status(&s, "GET", "/crm/whoami", SEC, key, NULL);
    st_status(&s, "GET", "/crm/whoami", "demo-archivaris", key, NULL);
    cJSON *j = NULL;
    lb_test_response r;
    is_int(st_req(&s, "GET", "/crm/whoami", SEC, key, NULL, &j, &r), 429,
           "the gateway limit per key: 429");
    is_int((long long)st_num(j, "statusCode", 0), 429, "in the gateway shape");
    ok(strstr(st_str(j, "message"), "Rate limit is exceeded. Try again in") != NULL,
       "with the gateway's message");
    char ra[32];
    ok(lb_test_response_header(&r, "Retry-After", ra, sizeof ra) != NULL, "and Retry-After");
    lb_test_response_done(&r);
    cJSON_Delete(j);
    st_stop(&s);
}

static void set_faults(const lb_test_sim *s, const char *json)
{
    is_int(st_status(s, "POST", "/_sim/faults", SEC, NULL, json), 204, "POST /_sim/faults %s",
           json);
}

static void faults(void)
{
    lb_test_sim s;
    st_start(&s, NULL);
    is_int(st_status(&s, "POST", "/_sim/faults", SEC, NULL, "{\"dropRate\":1}"), 403,
           "fault control is off by default");
    st_stop(&s);

    const char *args[] = {"--allow-fault-control", NULL};
    st_start(&s, args);
    lb_test_response r;

    set_faults(&s, "{\"errorRate\":1,\"seed\":3}");
    int n503 = 0, n500 = 0;
    bool retry_after = true;
    for (int i = 0; i < 16; i++) {
        cJSON *j = NULL;
        long st = st_req(&s, "GET", "/crm/whoami", SEC, NULL, NULL, &j, &r);
        char ra[32];
        if (st == 503) {
            n503++;
            if (!lb_test_response_header(&r, "Retry-After", ra, sizeof ra))
                retry_after = false;
        }
        n500 += st == 500;
        lb_test_response_done(&r);
        cJSON_Delete(j);
    }
    ok(n503 > 0 && n500 > 0 && n503 + n500 == 16, "errorRate 1: only 503s (%d) and 500s (%d)", n503,
       n500);
    ok(retry_after, "every 503 carries Retry-After");
    is_int(st_status(&s, "GET", "/health", NULL, NULL, NULL), 200, "/health is never faulted");

    set_faults(&s, "{\"dropRate\":1}");
    is_int(st_status(&s, "GET", "/crm/whoami", SEC, NULL, NULL), -1,
           "dropRate 1: the connection closes without an answer");

    set_faults(&s, "{\"truncateRate\":1}");
    is_int(st_status(&s, "GET", "/crm/meetingtypes", SEC, NULL, NULL), -1,
           "truncateRate 1: the body is cut short (transfer error)");

    set_faults(&s, "{\"latencyMs\":400}");
    double t0 = now_s();
    is_int(st_status(&s, "GET", "/crm/whoami", SEC, NULL, NULL), 200, "latency: still 200");
    ok(now_s() - t0 >= 0.39, "after at least 400 ms (%.3f s)", now_s() - t0);

    set_faults(&s, "{}");
    lb_test_response plain;
    st_req(&s, "GET", "/crm/meetingtypes", SEC, NULL, NULL, NULL, &plain);
    set_faults(&s, "{\"dripBytesPerSec\":4000}");
    t0 = now_s();
    is_int(st_req(&s, "GET", "/crm/meetingtypes", SEC, NULL, NULL, NULL, &r), 200,
           "slow drip: 200");
    double took = now_s() - t0, want = (double)plain.body_len / 4000.0;
    ok(took >= want * 0.8, "the body took %.2f s (%zu bytes at 4000 B/s)", took, plain.body_len);
    ok(r.body_len == plain.body_len && memcmp(r.body, plain.body, r.body_len) == 0,
       "and arrived whole");
    lb_test_response_done(&r);
    lb_test_response_done(&plain);

    set_faults(&s, "{}");
    is_int(st_status(&s, "GET", "/crm/whoami", SEC, NULL, NULL), 200, "faults off again");
    is_int(st_status(&s, "POST", "/_sim/faults", SEC, NULL, "{\"errorRate\":2}"), 400,
           "a rate above 1: 400");
    is_int(st_status(&s, "POST", "/_sim/faults", SEC, NULL, "{\"bogus\":1}"), 400,
           "an unknown fault: 400");
    st_stop(&s);

    /* The same --fault-seed gives the same faults. */
    lb_test_sim a, b;
    const char *seeded[] = {"--error-rate", "0.5", "--fault-seed", "7", NULL};
    st_start(&a, seeded);
    st_start(&b, seeded);
    char sa[40] = "", sb[40] = "";
    for (int i = 0; i < 30; i++) {
        sa[i] = st_status(&a, "GET", "/crm/whoami", SEC, NULL, NULL) == 200 ? '.' : 'x';
        sb[i] = st_status(&b, "GET", "/crm/whoami", SEC, NULL, NULL) == 200 ? '.' : 'x';
    }
    ok(strcmp(sa, sb) == 0 && strchr(sa, 'x') && strchr(sa, '.'),
       "same fault seed, same faults (%s)", sa);
    st_stop(&a);
    st_stop(&b);

    const char *startup[] = {"--drop-rate", "1", NULL};
    st_start(&a, startup);
    is_int(st_status(&a, "GET", "/crm/whoami", SEC, NULL, NULL), -1,
           "--drop-rate at start-up works too");
    st_stop(&a);
}

int main(void)
{
    rate_limit();
    concurrency();
    gateway_limit();
    faults();
    return tap_done();
}
