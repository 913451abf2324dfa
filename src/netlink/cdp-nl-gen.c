// SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause)
/* Do not edit directly, auto-generated from: */
/*	src/netlink/cdp.yaml */
/* YNL-GEN kernel source */

#include <net/netlink.h>
#include <net/genetlink.h>

#include "cdp-nl-gen.h"

#include <uapi/linux/cdp.h>

/* CDP_CMD_NEIGH_GET - do */
static const struct nla_policy cdp_neigh_get_nl_policy[CDP_A_NEIGHBOR_PORT_ID + 1] = {
	[CDP_A_NEIGHBOR_IFINDEX] = NLA_POLICY_MIN(NLA_U32, 1),
	[CDP_A_NEIGHBOR_DEVICE_ID] = { .type = NLA_BINARY, },
	[CDP_A_NEIGHBOR_PORT_ID] = { .type = NLA_BINARY, },
};

/* CDP_CMD_IFACE_GET - do */
static const struct nla_policy cdp_iface_get_nl_policy[CDP_A_IFACE_IFINDEX + 1] = {
	[CDP_A_IFACE_IFINDEX] = NLA_POLICY_MIN(NLA_U32, 1),
};

/* CDP_CMD_IFACE_SET - do */
static const struct nla_policy cdp_iface_set_nl_policy[CDP_A_IFACE_ADMIN_STATUS + 1] = {
	[CDP_A_IFACE_IFINDEX] = NLA_POLICY_MIN(NLA_U32, 1),
	[CDP_A_IFACE_ADMIN_STATUS] = NLA_POLICY_MAX(NLA_U32, 3),
};

/* CDP_CMD_GLOBAL_SET - do */
static const struct nla_policy cdp_global_set_nl_policy[CDP_A_GLOBAL_DEVICE_ID + 1] = {
	[CDP_A_GLOBAL_DEVICE_ID] = { .type = NLA_NUL_STRING, .len = 255, },
};

/* Ops table for cdp */
const struct genl_split_ops cdp_nl_ops[9] = {
	{
		.cmd		= CDP_CMD_NEIGH_GET,
		.doit		= cdp_nl_neigh_get_doit,
		.policy		= cdp_neigh_get_nl_policy,
		.maxattr	= CDP_A_NEIGHBOR_PORT_ID,
		.flags		= GENL_CMD_CAP_DO,
	},
	{
		.cmd	= CDP_CMD_NEIGH_GET,
		.dumpit	= cdp_nl_neigh_get_dumpit,
		.flags	= GENL_CMD_CAP_DUMP,
	},
	{
		.cmd		= CDP_CMD_IFACE_GET,
		.doit		= cdp_nl_iface_get_doit,
		.policy		= cdp_iface_get_nl_policy,
		.maxattr	= CDP_A_IFACE_IFINDEX,
		.flags		= GENL_CMD_CAP_DO,
	},
	{
		.cmd	= CDP_CMD_IFACE_GET,
		.dumpit	= cdp_nl_iface_get_dumpit,
		.flags	= GENL_CMD_CAP_DUMP,
	},
	{
		.cmd		= CDP_CMD_IFACE_SET,
		.doit		= cdp_nl_iface_set_doit,
		.policy		= cdp_iface_set_nl_policy,
		.maxattr	= CDP_A_IFACE_ADMIN_STATUS,
		.flags		= GENL_UNS_ADMIN_PERM | GENL_CMD_CAP_DO,
	},
	{
		.cmd	= CDP_CMD_STATS_GET,
		.doit	= cdp_nl_stats_get_doit,
		.flags	= GENL_CMD_CAP_DO,
	},
	{
		.cmd	= CDP_CMD_NEIGH_CLEAR,
		.doit	= cdp_nl_neigh_clear_doit,
		.flags	= GENL_UNS_ADMIN_PERM | GENL_CMD_CAP_DO,
	},
	{
		.cmd	= CDP_CMD_STATS_CLEAR,
		.doit	= cdp_nl_stats_clear_doit,
		.flags	= GENL_UNS_ADMIN_PERM | GENL_CMD_CAP_DO,
	},
	{
		.cmd		= CDP_CMD_GLOBAL_SET,
		.doit		= cdp_nl_global_set_doit,
		.policy		= cdp_global_set_nl_policy,
		.maxattr	= CDP_A_GLOBAL_DEVICE_ID,
		.flags		= GENL_UNS_ADMIN_PERM | GENL_CMD_CAP_DO,
	},
};

static const struct genl_multicast_group cdp_nl_mcgrps[] = {
	[CDP_NLGRP_MONITOR] = { "monitor", },
};
