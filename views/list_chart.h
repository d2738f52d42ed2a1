/* list_chart.h — "Grafiek": the shown rows of a list counted per value of a
 * column the user picks (status, type, year, owner), as a bar chart. */
#ifndef LB_LIST_CHART_H
#define LB_LIST_CHART_H

#include <stddef.h>

#include "views/record_list.h"

/* The action 'G': the column picker, then the chart over the list. */
int lb_list_chart_act(lb_list *l);

#endif
