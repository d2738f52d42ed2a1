/* tls.c — see tls.h. libmicrohttpd asks for a client certificate when it
 * has a trust store (MHD_OPTION_HTTPS_MEM_TRUST) but leaves verifying it to
 * the application, through the GnuTLS session it exposes. */
#include "config.h"

#include <gnutls/gnutls.h>

#include "sim/tls.h"

bool sim_tls_client_ok(struct MHD_Connection *conn)
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(conn, MHD_CONNECTION_INFO_GNUTLS_SESSION);
    if (!ci || !ci->tls_session)
        return false; /* cannot check: refuse, never wave through */
    gnutls_session_t session = (gnutls_session_t)ci->tls_session;
    unsigned n = 0, status = 1;
    if (!gnutls_certificate_get_peers(session, &n) || n == 0)
        return false;
    return gnutls_certificate_verify_peers2(session, &status) == 0 && status == 0;
}
