/* actions.c — the table behind actions.h. */
#include "config.h"

#include "views/actions.h"

static const lb_action_info actions[LB_ACT_COUNT] = {
#define LB_ACTION_INFO(id, fkey, letter, label, help) \
    [LB_ACT_##id] = {LB_ACT_##id, fkey, letter, label, help},
    LB_ACTIONS(LB_ACTION_INFO)
#undef LB_ACTION_INFO
};

const lb_action_info *lb_action_get(lb_action a)
{
    return a >= 0 && a < LB_ACT_COUNT ? &actions[a] : NULL;
}
