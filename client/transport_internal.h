/* transport_internal.h — what transport.c and transport_url.c share. Not for
 * use outside client/transport*.c. */
#ifndef LB_TRANSPORT_INTERNAL_H
#define LB_TRANSPORT_INTERNAL_H

#include <curl/curl.h>

#include "client/transport.h"

typedef struct {
    unsigned long id;
    int fd;
    lb_watch_fn fn;
    void *user;
} lb_watch;

typedef struct {
    unsigned long id;
    long long due; /* lb_now_ms() */
    lb_timer_fn fn;
    void *user;
} lb_timer;

struct lb_transport {
    CURLM *multi;
    CURLSH *share; /* TLS sessions and DNS, shared by every easy handle */
    /* The base URL in parts: "scheme://host[:port]" and the path prefix
     * without a trailing slash ("" when none). */
    char *origin, *base_path;
    char *scheme, *host, *port; /* as curl_url reports them, for link checks */
    char *unix_path;            /* unix: base URLs; NULL otherwise */
    const char *protocols;      /* CURLOPT_PROTOCOLS_STR / REDIR_PROTOCOLS_STR */
    char *ca_bundle, *client_cert, *client_key, *pin;
    lb_secret key_pass; /* the client key's passphrase, asked once */
    bool holds_secrets;
    lb_transport_options opt;
    int concurrency;

    struct pollfd *socks; /* what curl asked us to watch */
    size_t nsocks, capsocks;
    long long curl_deadline; /* lb_now_ms() when curl's timer fires; -1: none */

    lb_timer *timers; /* unsorted; few at a time */
    size_t ntimers, captimers;
    unsigned long next_timer_id;

    lb_watch *watches; /* few at a time */
    size_t nwatches, capwatches;
    unsigned long next_watch_id;

    lb_transfer *active; /* doubly linked; the transport owns them */
    size_t nactive;
    CURL **pool; /* reset easy handles kept for reuse */
    size_t npool, cappool;
    lb_transport_stats stats;
};

/* curl's CURLMOPT_SOCKETFUNCTION and CURLMOPT_TIMERFUNCTION (transport_loop.c). */
int lb_transport_on_socket(CURL *easy, curl_socket_t s, int what, void *userp, void *socketp);
int lb_transport_on_timer(CURLM *multi, long timeout_ms, void *userp);
/* Hands every finished transfer to its callback (transport.c). */
void lb_transport_process_messages(lb_transport *t);

/* Percent-encodes S (everything but RFC 3986 unreserved) onto the end of the
 * malloc'd string *BUF of length *LEN. False when out of memory. */
bool lb_url_encode_append(char **buf, size_t *len, const char *s);

#endif
