/* main.c — lbbus-sim start-up: options, the database (seeded when new), the
 * listening socket (loopback or Unix), readiness, and a clean stop on
 * SIGINT/SIGTERM. */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "sim/db.h"
#include "sim/ledger.h"
#include "sim/seed.h"
#include "sim/server.h"

static const char usage[] =
    "Usage: lbbus-sim [OPTION]...\n"
    "       lbbus-sim ledger --db PATH\n"
    "A local simulator of the LB-bus (Dataverse CRM, DAV e-depot, meldingen).\n"
    "\n"
    "  --listen 127.0.0.1:PORT   listen on a loopback address (PORT 0: any free port)\n"
    "  --unix PATH               listen on a Unix socket instead\n"
    "  --ready-fd N              write \"http://127.0.0.1:PORT\" to fd N when ready\n"
    "  --db PATH                 keep the data in PATH (created and seeded when new)\n"
    "  --demo                    use a fresh temporary database, removed at exit\n"
    "  --seed N                  seed for the generated data (default 1)\n"
    "  --scale S                 multiply the amount of generated data (default 1)\n"
    "  --clean-text              leave the hostile test strings out of the data\n"
    "  --subscription-key-file F require this Ocp-Apim-Subscription-Key (mode 600)\n"
    "  --tls-cert F --tls-key F  serve HTTPS; --client-ca F asks for client certificates\n"
    "  --rate-limit N/SECONDS    requests per user per window (default 6000/300)\n"
    "  --gateway-rate-limit N/SECONDS  requests per subscription key (default off)\n"
    "  --concurrency N           requests in flight per user (default 52)\n"
    "  --latency-ms N            add N ms to every answer\n"
    "  --error-rate P            answer 503 or 500 with probability P\n"
    "  --drop-rate P             close the connection without an answer\n"
    "  --truncate-rate P         cut the body short and close\n"
    "  --drip-bytes-per-sec N    send bodies slowly\n"
    "  --fault-seed N            seed of the fault sequence (default 1)\n"
    "  --allow-fault-control     allow POST /_sim/faults\n"
    "  --drop-upload N           store the Nth attachment upload, then close the\n"
    "                            connection without an answer (once; for tests)\n"
    "  --help, --version\n";

enum {
    OPT_LISTEN = 256,
    OPT_UNIX,
    OPT_READY_FD,
    OPT_DB,
    OPT_DEMO,
    OPT_SEED,
    OPT_SCALE,
    OPT_CLEAN,
    OPT_KEY_FILE,
    OPT_TLS_CERT,
    OPT_TLS_KEY,
    OPT_CLIENT_CA,
    OPT_RATE,
    OPT_GW_RATE,
    OPT_CONCURRENCY,
    OPT_LATENCY,
    OPT_ERROR_RATE,
    OPT_DROP_RATE,
    OPT_TRUNCATE_RATE,
    OPT_DRIP,
    OPT_FAULT_SEED,
    OPT_FAULT_CONTROL,
    OPT_DROP_UPLOAD,
    OPT_HELP,
    OPT_VERSION,
};

static bool parse_long(const char *s, long lo, long hi, long *out)
{
    char *end = NULL;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || end == s || *end || v < lo || v > hi)
        return false;
    *out = v;
    return true;
}

static bool parse_prob(const char *s, double *out)
{
    char *end = NULL;
    double v = strtod(s, &end);
    if (end == s || *end || !(v >= 0 && v <= 1))
        return false;
    *out = v;
    return true;
}

static bool parse_rate(const char *s, long *n, long *secs)
{
    const char *slash = strchr(s, '/');
    if (!slash)
        return false;
    char num[32];
    snprintf(num, sizeof num, "%.*s", (int)(slash - s), s);
    return parse_long(num, 1, 100000000, n) && parse_long(slash + 1, 1, 86400, secs);
}

static int bad(const char *opt, const char *value)
{
    fprintf(stderr, "lbbus-sim: invalid value for %s: '%s' (see --help)\n", opt, value);
    return 2;
}

static int parse_args(int argc, char **argv, sim_config *cfg)
{
    static const struct option options[] = {
        {"listen", required_argument, NULL, OPT_LISTEN},
        {"unix", required_argument, NULL, OPT_UNIX},
        {"ready-fd", required_argument, NULL, OPT_READY_FD},
        {"db", required_argument, NULL, OPT_DB},
        {"demo", no_argument, NULL, OPT_DEMO},
        {"seed", required_argument, NULL, OPT_SEED},
        {"scale", required_argument, NULL, OPT_SCALE},
        {"clean-text", no_argument, NULL, OPT_CLEAN},
        {"subscription-key-file", required_argument, NULL, OPT_KEY_FILE},
        {"tls-cert", required_argument, NULL, OPT_TLS_CERT},
        {"tls-key", required_argument, NULL, OPT_TLS_KEY},
        {"client-ca", required_argument, NULL, OPT_CLIENT_CA},
        {"rate-limit", required_argument, NULL, OPT_RATE},
        {"gateway-rate-limit", required_argument, NULL, OPT_GW_RATE},
        {"concurrency", required_argument, NULL, OPT_CONCURRENCY},
        {"latency-ms", required_argument, NULL, OPT_LATENCY},
        {"error-rate", required_argument, NULL, OPT_ERROR_RATE},
        {"drop-rate", required_argument, NULL, OPT_DROP_RATE},
        {"truncate-rate", required_argument, NULL, OPT_TRUNCATE_RATE},
        {"drip-bytes-per-sec", required_argument, NULL, OPT_DRIP},
        {"fault-seed", required_argument, NULL, OPT_FAULT_SEED},
        {"allow-fault-control", no_argument, NULL, OPT_FAULT_CONTROL},
        {"drop-upload", required_argument, NULL, OPT_DROP_UPLOAD},
        {"help", no_argument, NULL, OPT_HELP},
        {"version", no_argument, NULL, OPT_VERSION},
        {NULL, 0, NULL, 0},
    };
    int opt;
    long v = 0;
    while ((opt = getopt_long(argc, argv, "", options, NULL)) != -1) {
        switch (opt) {
        case OPT_LISTEN: cfg->listen = optarg; break;
        case OPT_UNIX: cfg->unix_path = optarg; break;
        case OPT_READY_FD:
            if (!parse_long(optarg, 0, 65535, &v))
                return bad("--ready-fd", optarg);
            cfg->ready_fd = (int)v;
            break;
        case OPT_DB: cfg->db_path = optarg; break;
        case OPT_DEMO: cfg->demo = true; break;
        case OPT_SEED:
            if (!parse_long(optarg, 0, LONG_MAX, &v))
                return bad("--seed", optarg);
            cfg->seed = (uint64_t)v;
            break;
        case OPT_SCALE: {
            char *end = NULL;
            cfg->scale = strtod(optarg, &end);
            if (end == optarg || *end || !(cfg->scale > 0 && cfg->scale <= 1000))
                return bad("--scale", optarg);
            break;
        }
        case OPT_CLEAN: cfg->clean_text = true; break;
        case OPT_KEY_FILE: cfg->key_file = optarg; break;
        case OPT_TLS_CERT: cfg->tls_cert = optarg; break;
        case OPT_TLS_KEY: cfg->tls_key = optarg; break;
        case OPT_CLIENT_CA: cfg->client_ca = optarg; break;
        case OPT_RATE:
            if (!parse_rate(optarg, &cfg->rate_n, &cfg->rate_secs))
                return bad("--rate-limit", optarg);
            break;
        case OPT_GW_RATE:
            if (!parse_rate(optarg, &cfg->gw_rate_n, &cfg->gw_rate_secs))
                return bad("--gateway-rate-limit", optarg);
            break;
        case OPT_CONCURRENCY:
            if (!parse_long(optarg, 1, 100000, &cfg->concurrency))
                return bad("--concurrency", optarg);
            break;
        case OPT_LATENCY:
            if (!parse_long(optarg, 0, 600000, &cfg->faults.latency_ms))
                return bad("--latency-ms", optarg);
            break;
        case OPT_ERROR_RATE:
            if (!parse_prob(optarg, &cfg->faults.error_rate))
                return bad("--error-rate", optarg);
            break;
        case OPT_DROP_RATE:
            if (!parse_prob(optarg, &cfg->faults.drop_rate))
                return bad("--drop-rate", optarg);
            break;
        case OPT_TRUNCATE_RATE:
            if (!parse_prob(optarg, &cfg->faults.truncate_rate))
                return bad("--truncate-rate", optarg);
            break;
        case OPT_DRIP:
            if (!parse_long(optarg, 0, 1L << 30, &cfg->faults.drip_bytes_per_sec))
                return bad("--drip-bytes-per-sec", optarg);
            break;
        case OPT_FAULT_SEED:
            if (!parse_long(optarg, 0, LONG_MAX, &v))
                return bad("--fault-seed", optarg);
            cfg->faults.seed = (uint64_t)v;
            break;
        case OPT_FAULT_CONTROL: cfg->allow_fault_control = true; break;
        case OPT_DROP_UPLOAD:
            if (!parse_long(optarg, 1, LONG_MAX, &cfg->drop_upload_nth))
                return bad("--drop-upload", optarg);
            break;
        case OPT_HELP: fputs(usage, stdout); return 0;
        case OPT_VERSION: printf("lbbus-sim %s\n", PACKAGE_VERSION); return 0;
        default: fputs(usage, stderr); return 2;
        }
    }
    if (optind < argc) {
        fprintf(stderr, "lbbus-sim: unexpected argument '%s' (see --help)\n", argv[optind]);
        return 2;
    }
    if (!cfg->db_path == !cfg->demo) {
        fprintf(stderr, "lbbus-sim: give exactly one of --db PATH and --demo\n");
        return 2;
    }
    if (cfg->listen && cfg->unix_path) {
        fprintf(stderr, "lbbus-sim: give --listen or --unix, not both\n");
        return 2;
    }
    if (!cfg->tls_cert != !cfg->tls_key || (cfg->client_ca && !cfg->tls_cert)) {
        fprintf(stderr, "lbbus-sim: --tls-cert and --tls-key go together (--client-ca needs "
                        "them)\n");
        return 2;
    }
    return -1; /* go on */
}

/* Reads the subscription key; the file must be private to its owner. */
static int read_key(sim_config *cfg)
{
    struct stat st;
    FILE *f = fopen(cfg->key_file, "r");
    if (!f || fstat(fileno(f), &st) != 0) {
        fprintf(stderr, "lbbus-sim: cannot read %s: %s\n", cfg->key_file, strerror(errno));
        if (f)
            fclose(f);
        return -1;
    }
    if (st.st_mode & 077) {
        fprintf(stderr, "lbbus-sim: %s is readable by others; refusing to use it (chmod 600 %s)\n",
                cfg->key_file, cfg->key_file);
        fclose(f);
        return -1;
    }
    char line[512];
    if (!fgets(line, sizeof line, f)) {
        fprintf(stderr, "lbbus-sim: %s is empty\n", cfg->key_file);
        fclose(f);
        return -1;
    }
    fclose(f);
    line[strcspn(line, "\r\n")] = '\0';
    if (!line[0]) {
        fprintf(stderr, "lbbus-sim: %s holds no key\n", cfg->key_file);
        return -1;
    }
    cfg->subscription_key = strdup(line);
    return cfg->subscription_key ? 0 : -1;
}

/* Opens the listening socket; writes the announced URL into URL. */
static int open_listener(const sim_config *cfg, char *url, size_t urlsize)
{
    if (cfg->unix_path) {
        struct sockaddr_un sa = {.sun_family = AF_UNIX};
        if (strlen(cfg->unix_path) >= sizeof sa.sun_path) {
            fprintf(stderr, "lbbus-sim: --unix path is too long\n");
            return -1;
        }
        strcpy(sa.sun_path, cfg->unix_path);
        int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof sa) != 0 || listen(fd, 64) != 0) {
            fprintf(stderr, "lbbus-sim: cannot listen on %s: %s\n", cfg->unix_path,
                    strerror(errno));
            if (fd >= 0)
                close(fd);
            return -1;
        }
        snprintf(url, urlsize, "unix:%s", cfg->unix_path);
        return fd;
    }
    const char *listen_addr = cfg->listen ? cfg->listen : "127.0.0.1:8080";
    const char *colon = strrchr(listen_addr, ':');
    long port = 0;
    char host[64];
    struct sockaddr_in sa = {.sin_family = AF_INET};
    if (!colon || !parse_long(colon + 1, 0, 65535, &port) ||
        (size_t)(colon - listen_addr) >= sizeof host) {
        fprintf(stderr, "lbbus-sim: --listen wants HOST:PORT, e.g. 127.0.0.1:0\n");
        return -1;
    }
    snprintf(host, sizeof host, "%.*s", (int)(colon - listen_addr), listen_addr);
    if (inet_pton(AF_INET, host, &sa.sin_addr) != 1) {
        fprintf(stderr, "lbbus-sim: --listen wants an IPv4 address, not '%s'\n", host);
        return -1;
    }
    if (!cfg->tls_cert && (ntohl(sa.sin_addr.s_addr) >> 24) != 127) {
        fprintf(stderr,
                "lbbus-sim: refusing plain HTTP on %s: use a loopback address "
                "(127.0.0.0/8), a Unix socket, or --tls-cert/--tls-key\n",
                host);
        return -1;
    }
    sa.sin_port = htons((uint16_t)port);
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    int one = 1;
    if (fd >= 0)
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    socklen_t len = sizeof sa;
    if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof sa) != 0 || listen(fd, 128) != 0 ||
        getsockname(fd, (struct sockaddr *)&sa, &len) != 0) {
        fprintf(stderr, "lbbus-sim: cannot listen on %s: %s\n", listen_addr, strerror(errno));
        if (fd >= 0)
            close(fd);
        return -1;
    }
    snprintf(url, urlsize, "%s://%s:%u", cfg->tls_cert ? "https" : "http", host,
             (unsigned)ntohs(sa.sin_port));
    return fd;
}

/* Creates and seeds the database when it is new. */
static int prepare_db(const sim_config *cfg)
{
    sqlite3 *db = NULL;
    char err[512];
    if (sim_db_open(cfg->db_path, &db, err, sizeof err) != 0) {
        fprintf(stderr, "lbbus-sim: %s\n", err);
        return -1;
    }
    int rc = 0;
    if (sim_db_is_empty(db)) {
        sim_seed_options o = {cfg->seed, cfg->scale, cfg->clean_text};
        rc = sim_seed(db, &o);
    }
    sqlite3_close(db);
    return rc;
}

static void remove_demo(const char *dir, const char *db_path)
{
    char p[600];
    unlink(db_path);
    snprintf(p, sizeof p, "%s-wal", db_path);
    unlink(p);
    snprintf(p, sizeof p, "%s-shm", db_path);
    unlink(p);
    rmdir(dir);
}

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "ledger") == 0)
        return sim_ledger_main(argc - 1, argv + 1);
    sim_config cfg = {
        .ready_fd = -1,
        .seed = 1,
        .scale = 1.0,
        .rate_n = 6000,
        .rate_secs = 300,
        .concurrency = 52,
        .faults = {.seed = 1},
    };
    int rc = parse_args(argc, argv, &cfg);
    if (rc >= 0)
        return rc;
    if (cfg.key_file && read_key(&cfg) != 0)
        return 1;

    char demo_dir[300] = "", demo_db[400] = "";
    if (cfg.demo) {
        const char *tmp = getenv("TMPDIR");
        snprintf(demo_dir, sizeof demo_dir, "%s/lbbus-sim.XXXXXX", tmp && *tmp ? tmp : "/tmp");
        if (!mkdtemp(demo_dir)) {
            fprintf(stderr, "lbbus-sim: cannot create a temporary directory: %s\n",
                    strerror(errno));
            free(cfg.subscription_key);
            return 1;
        }
        snprintf(demo_db, sizeof demo_db, "%s/bus.db", demo_dir);
        cfg.db_path = demo_db;
    }
    /* Signals are taken by sigwait in this thread only. */
    sigset_t sigs;
    sigemptyset(&sigs);
    sigaddset(&sigs, SIGINT);
    sigaddset(&sigs, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &sigs, NULL);
    signal(SIGPIPE, SIG_IGN);

    int status = 1;
    char url[200];
    int fd = -1;
    bool listening = false;
    sim_server srv = {0};
    if (prepare_db(&cfg) != 0)
        goto out;
    fd = open_listener(&cfg, url, sizeof url);
    if (fd < 0)
        goto out;
    if (sim_server_start(&srv, &cfg, fd) != 0)
        goto out;
    listening = true; /* MHD closes the socket when it stops */
    if (cfg.ready_fd >= 0) {
        char line[220];
        int n = snprintf(line, sizeof line, "%s\n", url);
        if (write(cfg.ready_fd, line, (size_t)n) != n)
            fprintf(stderr, "lbbus-sim: cannot announce readiness: %s\n", strerror(errno));
        close(cfg.ready_fd);
    } else {
        printf("lbbus-sim listening on %s (demo tokens: demo-secretaris, demo-archivaris, ...)\n",
               url);
        fflush(stdout);
    }
    int sig = 0;
    sigwait(&sigs, &sig);
    sim_server_stop(&srv);
    status = 0;
out:
    if (fd >= 0 && !listening)
        close(fd);
    if (cfg.unix_path && fd >= 0)
        unlink(cfg.unix_path);
    if (cfg.demo)
        remove_demo(demo_dir, demo_db);
    free(cfg.subscription_key);
    return status;
}
