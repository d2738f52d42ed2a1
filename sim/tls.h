/* tls.h — the gateway's client certificate check (mutual TLS). */
#ifndef LB_SIM_TLS_H
#define LB_SIM_TLS_H

#include <microhttpd.h>
#include <stdbool.h>

/* True when the TLS client of CONN presented a certificate that verifies
 * against the trusted CA (--client-ca). */
bool sim_tls_client_ok(struct MHD_Connection *conn);

#endif
