/* records_melding.c — descriptor tables of the citizen reports (meldingen). */
#include "config.h"

#include <stddef.h>

#include "client/records.h"
#include "client/records_desc.h"

static const lb_field_desc code_label_fields[] = {
    LB_SSTR("code", lb_code_label, code),
    LB_SSTR("label", lb_code_label, label),
};
static const lb_record_desc code_label_desc =
    LB_DESC(lb_code_label, "code and label", code_label_fields, NULL);

static const lb_field_desc doorgestuurd_fields[] = {
    LB_SSTR("systeem", lb_doorgestuurd, systeem),
    LB_STRN("referentie", lb_doorgestuurd, referentie),
};
static const lb_record_desc doorgestuurd_desc =
    LB_DESC(lb_doorgestuurd, "doorgestuurdNaar", doorgestuurd_fields, NULL);

#define T lb_melding_summary
static const lb_field_desc melding_summary_fields[] = {
    LB_ID("id", T, id),
    LB_STR("nummer", T, nummer),
    LB_STR("titel", T, titel),
    LB_DT("ontvangenOp", T, ontvangen_op),
    LB_OBJ("categorie", T, categorie, code_label_desc),
    LB_OBJ("status", T, status, code_label_desc),
    LB_STRN("adres", T, adres),
    LB_SSTR("kanaal", T, kanaal),
    LB_OBJN("doorgestuurdNaar", T, doorgestuurd_naar, doorgestuurd_desc),
    LB_ETAG(T, etag),
};
const lb_record_desc lb_melding_summary_desc = LB_DESC(T, "melding", melding_summary_fields, NULL);
#undef T

static const lb_field_desc status_event_fields[] = {
    LB_OBJ("status", lb_status_event, status, code_label_desc),
    LB_DT("datum", lb_status_event, datum),
    LB_SSTR("actor", lb_status_event, actor),
    LB_STRN("beschrijving", lb_status_event, beschrijving),
};
static const lb_record_desc status_event_desc =
    LB_DESC(lb_status_event, "status event", status_event_fields, NULL);

static const lb_field_desc attachment_fields[] = {
    LB_ID("id", lb_attachment, id),
    LB_STR("naam", lb_attachment, naam),
    LB_SSTR("mimeType", lb_attachment, mime_type),
    LB_I64("grootte", lb_attachment, grootte, 0, INT64_MAX),
};
const lb_record_desc lb_attachment_desc =
    LB_DESC(lb_attachment, "attachment", attachment_fields, NULL);

/* Without the contact role the bus sends {"type":...,"verborgen":true} and no
 * contact fields; with it, at least a naam. Anything in between is refused so
 * the screen never has to guess. */
static lb_status indiener_check(void *rec, const lb_json_path *path, lb_error *err)
{
    const lb_indiener *in = rec;
    if (in->verborgen && (in->naam || in->email || in->telefoon))
        return lb_record_error(err, path, "is hidden (verborgen) but carries contact fields");
    if (!in->verborgen && !in->naam)
        return lb_record_error(err, path, "has neither naam nor verborgen");
    return LB_OK;
}

static const lb_field_desc indiener_fields[] = {
    LB_SSTR("type", lb_indiener, type),
    LB_OPT_BOOL("verborgen", lb_indiener, verborgen),
    LB_OPT_STRN("naam", lb_indiener, naam),
    LB_OPT_STRN("email", lb_indiener, email),
    LB_OPT_STRN("telefoon", lb_indiener, telefoon),
};
static const lb_record_desc indiener_desc =
    LB_DESC(lb_indiener, "indiener", indiener_fields, indiener_check);

static const lb_field_desc behandelaar_fields[] = {
    LB_FIELD("naam", LB_F_STRING_NULL, lb_behandelaar, naam, .shared = true),
    LB_FIELD("team", LB_F_STRING_NULL, lb_behandelaar, team, .shared = true),
};
static const lb_record_desc behandelaar_desc =
    LB_DESC(lb_behandelaar, "behandelaar", behandelaar_fields, NULL);

#define T lb_melding
static const lb_field_desc melding_fields[] = {
    LB_ID("id", T, id),
    LB_STR("nummer", T, nummer),
    LB_STR("titel", T, titel),
    LB_STRN("samenvatting", T, samenvatting),
    LB_ARR("meldingstypes", T, meldingstypes, meldingstype_count, code_label_desc),
    LB_STR("beschrijving", T, beschrijving),
    LB_STRN("geometrie", T, geometrie),
    LB_STRN("adres", T, adres),
    LB_SSTR("kanaal", T, kanaal),
    LB_OBJN("doorgestuurdNaar", T, doorgestuurd_naar, doorgestuurd_desc),
    LB_OBJ("status", T, status, code_label_desc),
    LB_ARR("statusGeschiedenis", T, geschiedenis, geschiedenis_count, status_event_desc),
    LB_OBJ("indiener", T, indiener, indiener_desc),
    LB_OBJN("behandelaar", T, behandelaar, behandelaar_desc),
    LB_STRN("webpagina", T, webpagina),
    LB_DT("ontvangenOp", T, ontvangen_op),
    LB_ARR("bijlagen", T, bijlagen, bijlage_count, lb_attachment_desc),
    LB_ETAG(T, etag),
};
const lb_record_desc lb_melding_desc = LB_DESC(T, "melding", melding_fields, NULL);
#undef T

/* ---- configuration ---- */

static const lb_field_desc categorie_fields[] = {
    LB_SSTR("code", lb_categorie, code),
    LB_SSTR("label", lb_categorie, label),
    LB_ARR("subcategorieen", lb_categorie, sub, sub_count, code_label_desc),
};
static const lb_record_desc categorie_desc =
    LB_DESC(lb_categorie, "categorie", categorie_fields, NULL);

static const lb_field_desc veld_fields[] = {
    LB_STR("naam", lb_veld, naam),
    LB_BOOL("verplicht", lb_veld, verplicht),
    LB_OPT_I32("maxLengte", lb_veld, max_lengte, 1, INT32_MAX),
};
static const lb_record_desc veld_desc = LB_DESC(lb_veld, "veld", veld_fields, NULL);

static const lb_field_desc bijlage_regels_fields[] = {
    LB_STRARR("toegelatenTypes", lb_bijlage_regels, toegelaten_types, toegelaten_type_count,
              LB_FMT_ANY),
    LB_I64("maxGrootte", lb_bijlage_regels, max_grootte, 0, INT64_MAX),
    LB_I32("maxAantal", lb_bijlage_regels, max_aantal, 0, INT32_MAX),
};
static const lb_record_desc bijlage_regels_desc =
    LB_DESC(lb_bijlage_regels, "bijlagen", bijlage_regels_fields, NULL);

#define T lb_melding_config
static const lb_field_desc melding_config_fields[] = {
    LB_ARR("categorieen", T, categorieen, categorie_count, categorie_desc),
    LB_ARR("velden", T, velden, veld_count, veld_desc),
    LB_OBJ("bijlagen", T, bijlagen, bijlage_regels_desc),
    LB_STRARR("kanalen", T, kanalen, kanaal_count, LB_FMT_ANY),
};
const lb_record_desc lb_melding_config_desc =
    LB_DESC(T, "melding configuration", melding_config_fields, NULL);
#undef T
