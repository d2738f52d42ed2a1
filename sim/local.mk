# sim/: lbbus-sim, the local stand-in for the LB-bus. libmicrohttpd, SQLite, cJSON.
bin_PROGRAMS += sim/lbbus-sim
sim_lbbus_sim_SOURCES = sim/main.c
sim_lbbus_sim_CPPFLAGS = $(AM_CPPFLAGS) $(MHD_CFLAGS) $(SQLITE_CFLAGS) $(CJSON_CFLAGS)
sim_lbbus_sim_LDADD = $(MHD_LIBS) $(SQLITE_LIBS) $(CJSON_LIBS)
