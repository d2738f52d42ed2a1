/* main.c — lbbus-sim start-up: listen on loopback or a Unix socket, announce
 * readiness, serve until SIGINT/SIGTERM. */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

static enum MHD_Result answer(void *cls, struct MHD_Connection *conn, const char *url,
                              const char *method, const char *version, const char *upload_data,
                              size_t *upload_data_size, void **req_cls)
{
    (void)cls;
    (void)version;
    (void)upload_data;
    (void)upload_data_size;
    (void)req_cls;
    int status = MHD_HTTP_NOT_FOUND;
    const char *body = "{\"error\":{\"code\":\"0x80060888\",\"message\":\"Resource not found.\"}}";
    if (strcmp(url, "/health") == 0 && strcmp(method, "GET") == 0) {
        status = MHD_HTTP_OK;
        body = "{\"status\":\"ok\"}";
    }
    struct MHD_Response *r =
        MHD_create_response_from_buffer(strlen(body), (void *)body, MHD_RESPMEM_PERSISTENT);
    MHD_add_response_header(r, "Content-Type", "application/json");
    enum MHD_Result ret = MHD_queue_response(conn, (unsigned)status, r);
    MHD_destroy_response(r);
    return ret;
}

int main(int argc, char **argv)
{
    static const struct option options[] = {
        {"listen", required_argument, NULL, 'l'},
        {"ready-fd", required_argument, NULL, 'r'},
        {"db", required_argument, NULL, 'd'},
        {"demo", no_argument, NULL, 'D'},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0},
    };
    const char *listen_addr = "127.0.0.1:8080";
    int ready_fd = -1;
    int opt;
    while ((opt = getopt_long(argc, argv, "l:hV", options, NULL)) != -1) {
        switch (opt) {
        case 'l': listen_addr = optarg; break;
        case 'r': ready_fd = atoi(optarg); break;
        case 'd': /* the database arrives with the lbbus-sim issue */ break;
        case 'D': break;
        case 'h': printf("Usage: lbbus-sim [--listen 127.0.0.1:PORT] [--ready-fd N]\n"); return 0;
        case 'V': printf("lbbus-sim %s\n", PACKAGE_VERSION); return 0;
        default: return 2;
        }
    }
    const char *colon = strrchr(listen_addr, ':');
    if (!colon) {
        fprintf(stderr, "lbbus-sim: --listen wants HOST:PORT\n");
        return 2;
    }
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)atoi(colon + 1))};
    char host[64];
    snprintf(host, sizeof host, "%.*s", (int)(colon - listen_addr), listen_addr);
    if (inet_pton(AF_INET, host, &sa.sin_addr) != 1 || (ntohl(sa.sin_addr.s_addr) >> 24) != 127) {
        fprintf(stderr, "lbbus-sim: plain HTTP only on a loopback address (127.0.0.0/8)\n");
        return 2;
    }
    sigset_t sigs;
    sigemptyset(&sigs);
    sigaddset(&sigs, SIGINT);
    sigaddset(&sigs, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &sigs, NULL);

    struct MHD_Daemon *d =
        MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG, 0, NULL, NULL, answer,
                         NULL, MHD_OPTION_SOCK_ADDR, &sa, MHD_OPTION_END);
    if (!d) {
        fprintf(stderr, "lbbus-sim: cannot listen on %s\n", listen_addr);
        return 1;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
    char line[128];
    int n = snprintf(line, sizeof line, "http://%s:%u\n", host, (unsigned)info->port);
    if (ready_fd >= 0) {
        if (write(ready_fd, line, (size_t)n) != n)
            fprintf(stderr, "lbbus-sim: cannot announce readiness: %s\n", strerror(errno));
        close(ready_fd);
    } else {
        printf("lbbus-sim listening on %s", line);
        fflush(stdout);
    }
    int sig;
    sigwait(&sigs, &sig);
    MHD_stop_daemon(d);
    return 0;
}
