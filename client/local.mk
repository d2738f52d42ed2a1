# client/: the bus API. libcurl, OpenSSL, cJSON — never ncurses.
noinst_LIBRARIES += client/libclient.a
client_libclient_a_SOURCES = client/lb_error.h client/lb_error.c
client_libclient_a_CPPFLAGS = $(AM_CPPFLAGS) $(CURL_CFLAGS) $(OPENSSL_CFLAGS) $(CJSON_CFLAGS)
CLIENT_LIBS = client/libclient.a $(CURL_LIBS) $(OPENSSL_LIBS) $(CJSON_LIBS)
