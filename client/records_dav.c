/* records_dav.c — descriptor tables of the Flemish digital archive (DAV). */
#include "config.h"

#include <stddef.h>

#include "client/records.h"
#include "client/records_desc.h"

static const lb_field_desc archiefvormer_fields[] = {
    LB_SSTR("code", lb_code_label, code),
    LB_STR("naam", lb_code_label, label),
};
static const lb_record_desc archiefvormer_desc =
    LB_DESC(lb_code_label, "archiefvormer", archiefvormer_fields, NULL);

#define T lb_dav_serie
static const lb_field_desc dav_serie_fields[] = {
    LB_HEX("id", T, id),
    LB_STR("naam", T, naam),
    LB_SSTR("status", T, status),
    LB_DATE("geldigVan", T, geldig_van),
    LB_DATEN("geldigTot", T, geldig_tot),
    LB_OBJ("archiefvormer", T, archiefvormer, archiefvormer_desc),
    LB_SSTR("bewaargever", T, bewaargever),
};
const lb_record_desc lb_dav_serie_desc = LB_DESC(T, "DAV series", dav_serie_fields, NULL);
#undef T

static const lb_field_desc dav_extension_fields[] = {
    LB_STR("naam", lb_dav_extension, naam),
    LB_SSTR("niveau", lb_dav_extension, niveau),
    LB_BOOL("verplicht", lb_dav_extension, verplicht),
    LB_SSTR("type", lb_dav_extension, type),
};
const lb_record_desc lb_dav_extension_desc =
    LB_DESC(lb_dav_extension, "DAV extension", dav_extension_fields, NULL);

static const lb_field_desc ext_value_fields[] = {
    LB_STR("naam", lb_dav_ext_value, naam),
    LB_STR("waarde", lb_dav_ext_value, waarde),
};
static const lb_record_desc ext_value_desc =
    LB_DESC(lb_dav_ext_value, "extension value", ext_value_fields, NULL);

static const lb_field_desc relation_fields[] = {
    LB_ID("id", lb_dav_relation, id),
    LB_SSTR("type", lb_dav_relation, type),
};
static const lb_record_desc relation_desc =
    LB_DESC(lb_dav_relation, "relation", relation_fields, NULL);

#define T lb_dav_dossier
static const lb_field_desc dav_dossier_fields[] = {
    LB_ID("id", T, id),
    LB_HEX("serieId", T, serie_id),
    LB_STR("naam", T, naam),
    LB_STRN("beschrijving", T, beschrijving),
    LB_DATEN("openingsdatum", T, openingsdatum),
    LB_DATEN("sluitingsdatum", T, sluitingsdatum),
    LB_ID("bronId", T, bron_id),
    LB_SSTR("bronType", T, bron_type),
    LB_ARR("extensies", T, extensies, extensie_count, ext_value_desc),
    LB_SSTR("status", T, status),
    LB_STRARR("documentIds", T, document_ids, document_id_count, LB_FMT_GUID),
    LB_ARR("relaties", T, relaties, relatie_count, relation_desc),
    LB_DT("aangemaaktOp", T, aangemaakt_op),
    LB_DTN("ingediendOp", T, ingediend_op),
};
const lb_record_desc lb_dav_dossier_desc = LB_DESC(T, "DAV dossier", dav_dossier_fields, NULL);
#undef T

#define T lb_dav_document
static const lb_field_desc dav_document_fields[] = {
    LB_ID("id", T, id),
    LB_SID("dossierId", T, dossier_id),
    LB_STR("naam", T, naam),
    LB_DATEN("creatiedatum", T, creatiedatum),
    LB_ID("bronId", T, bron_id),
    LB_SSTR("mimeType", T, mime_type),
    LB_I64("grootte", T, grootte, 0, INT64_MAX),
    LB_HEX("sha256", T, sha256),
    LB_SSTR("status", T, status),
};
const lb_record_desc lb_dav_document_desc = LB_DESC(T, "DAV document", dav_document_fields, NULL);
#undef T

static const lb_field_desc problem_fields[] = {
    LB_STR("veld", lb_validation_problem, veld),
    LB_STRN("waarde", lb_validation_problem, waarde),
    LB_STR("reden", lb_validation_problem, reden),
};
static const lb_record_desc problem_desc =
    LB_DESC(lb_validation_problem, "problem", problem_fields, NULL);

static const lb_field_desc validation_fields[] = {
    LB_BOOL("geldig", lb_validation_result, geldig),
    LB_ARR("problemen", lb_validation_result, problemen, probleem_count, problem_desc),
};
const lb_record_desc lb_validation_result_desc =
    LB_DESC(lb_validation_result, "validation result", validation_fields, NULL);
