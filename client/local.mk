# client/: the bus API. libcurl, OpenSSL, cJSON — never ncurses.
noinst_LIBRARIES += client/libclient.a
client_libclient_a_SOURCES = client/lb_error.h client/lb_error.c \
	client/json_strict.h client/json_strict.c \
	client/arena.h client/arena.c \
	client/iso_time.h client/iso_time.c \
	client/records.h client/records_desc.h client/records.c \
	client/records_crm.c client/records_melding.c client/records_dav.c \
	client/lb_config.h client/lb_config.c \
	client/secret_file.h client/secret_file.c \
	client/fsync_dir.h client/fsync_dir.c \
	client/transport.h client/transport_internal.h client/transport.c client/transport_loop.c \
	client/transport_url.c \
	client/bus.h client/bus.c client/bus_errors.c \
	client/pager.h client/pager.c \
	client/session.h client/session.c
client_libclient_a_CPPFLAGS = $(AM_CPPFLAGS) $(CURL_CFLAGS) $(OPENSSL_CFLAGS) $(CJSON_CFLAGS)
CLIENT_LIBS = client/libclient.a $(CURL_LIBS) $(OPENSSL_LIBS) $(CJSON_LIBS)

# archive engine: preflight, job and its journal (views/ shows them)
client_libclient_a_SOURCES += client/archive.h client/archive_internal.h \
	client/archive_meta.c client/archive_cache.c client/archive_fetch.c \
	client/archive_text.c client/archive_preflight.c \
	client/archive_journal.h client/archive_journal.c \
	client/archive_job_internal.h client/archive_job.c client/archive_load.c \
	client/archive_send.c client/archive_dav.c client/archive_crm.c client/archive_pump.c \
	client/archive_resume.c client/archive_pick.h client/archive_pick.c \
	client/archive_syncer.h client/archive_syncer.c

# export (issue 8): the CSV/JSON writer shared by the list screen and `lbterm export`
client_libclient_a_SOURCES += client/export_csv.h client/export_csv.c

# melding-new (issue 7, new melding for a caller): the draft file, validation and sending
client_libclient_a_SOURCES += client/melding_draft.h client/melding_draft.c \
	client/melding_add.h client/melding_add.c
# meldingen-inspect (issue 7): one melding, its attachments, clean file names
client_libclient_a_SOURCES += client/melding_fetch.h client/melding_fetch.c \
	client/attachment_name.h client/attachment_name.c
