/* screens.h — the list classes and view classes of lbterm's screens. */
#ifndef LB_SCREENS_H
#define LB_SCREENS_H

#include "views/record_list.h"
#include "views/view.h"

extern const lb_list_class lb_meetings_list_class;
extern const lb_list_class lb_agenda_items_list_class;
extern const lb_list_class lb_dossiers_list_class;
extern const lb_list_class lb_documents_list_class;
extern const lb_list_class lb_meeting_types_list_class;
extern const lb_list_class lb_dossier_types_list_class;
extern const lb_list_class lb_meldingen_list_class;

extern const lb_view_class lb_meetings_view;
extern const lb_view_class lb_agenda_items_view;
extern const lb_view_class lb_dossiers_view;
extern const lb_view_class lb_meeting_types_view;
extern const lb_view_class lb_dossier_types_view;
extern const lb_view_class lb_meldingen_view;

#endif
