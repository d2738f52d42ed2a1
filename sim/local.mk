# sim/: lbbus-sim, the local stand-in for the LB-bus. libmicrohttpd, SQLite, cJSON;
# libcrypto for SHA-256 of documents, GnuTLS to check client certificates.
bin_PROGRAMS += sim/lbbus-sim
sim_lbbus_sim_SOURCES = \
	sim/sim.h \
	sim/main.c \
	sim/server.c sim/server.h \
	sim/router.c sim/router.h \
	sim/tls.c sim/tls.h \
	sim/http_util.c sim/http_util.h \
	sim/json_util.c sim/json_util.h \
	sim/text_util.c sim/text_util.h \
	sim/db.c sim/db.h \
	sim/seed.c sim/seed_text.c sim/seed.h \
	sim/auth.c sim/auth.h \
	sim/paging.c sim/paging.h \
	sim/crm.h sim/crm_records.c sim/crm_entities.c sim/crm_routes.c \
	sim/crm_types.c sim/crm_documents.c \
	sim/melding.c \
	sim/dav.c \
	sim/throttle.c sim/throttle.h \
	sim/faults.c sim/faults.h \
	sim/ledger.c sim/ledger.h \
	sim/handlers.h
sim_lbbus_sim_CPPFLAGS = $(AM_CPPFLAGS) $(MHD_CFLAGS) $(SQLITE_CFLAGS) $(CJSON_CFLAGS) \
	$(OPENSSL_CFLAGS) $(GNUTLS_CFLAGS)
sim_lbbus_sim_LDADD = $(MHD_LIBS) $(SQLITE_LIBS) $(CJSON_LIBS) $(OPENSSL_LIBS) $(GNUTLS_LIBS) \
	-lpthread -lm
dist_man_MANS += docs/lbbus-sim.1
