/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel APIs cdp_rs binds itself (the 6.12 `kernel` crate lacks them):
 * packet_type, procfs + seq_file, netdevice notifiers, pernet operations,
 * multicast subscription, timers, work items. Generated into bindings_generated.rs.
 */
#include <linux/capability.h>
#include <linux/etherdevice.h>
#include <linux/if_arp.h>
#include <linux/if_vlan.h>
#include <linux/netdevice.h>
#include <linux/proc_fs.h>
#include <linux/random.h>
#include <linux/rtnetlink.h>
#include <linux/seq_file.h>
#include <linux/skbuff.h>
#include <linux/timer.h>
#include <linux/uaccess.h>
#include <linux/workqueue.h>
#include <linux/memcontrol.h>
#include <net/genetlink.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>

#include "helpers.h"

const unsigned int CDP_ETH_P_802_2 = ETH_P_802_2;
const unsigned int CDP_ETH_P_ALL = ETH_P_ALL;
const unsigned int CDP_ARPHRD_ETHER = ARPHRD_ETHER;
const unsigned int CDP_IFF_LOOPBACK = IFF_LOOPBACK;
const unsigned int CDP_PACKET_OUTGOING = PACKET_OUTGOING;
const unsigned int CDP_PACKET_OTHERHOST = PACKET_OTHERHOST;
const unsigned int CDP_NET_RX_SUCCESS = NET_RX_SUCCESS;
const unsigned int CDP_NETDEV_REGISTER = NETDEV_REGISTER;
const unsigned int CDP_NETDEV_UNREGISTER = NETDEV_UNREGISTER;
const unsigned int CDP_NETDEV_CHANGENAME = NETDEV_CHANGENAME;
const unsigned int CDP_NETDEV_CHANGEUPPER = NETDEV_CHANGEUPPER;
const unsigned int CDP_NETDEV_PRE_TYPE_CHANGE = NETDEV_PRE_TYPE_CHANGE;
const unsigned int CDP_NETDEV_POST_TYPE_CHANGE = NETDEV_POST_TYPE_CHANGE;
const unsigned int CDP_NETDEV_UP = NETDEV_UP;
const unsigned int CDP_NETDEV_GOING_DOWN = NETDEV_GOING_DOWN;
const unsigned int CDP_NETDEV_CHANGE = NETDEV_CHANGE;
const unsigned int CDP_NETDEV_CHANGEADDR = NETDEV_CHANGEADDR;
const unsigned int CDP_NETDEV_CHANGEMTU = NETDEV_CHANGEMTU;
const unsigned int CDP_NOTIFY_DONE = NOTIFY_DONE;
const unsigned int CDP_CAP_NET_ADMIN = CAP_NET_ADMIN;
const unsigned int CDP_NLM_F_MULTI = NLM_F_MULTI;
const int CDP_EMSGSIZE = EMSGSIZE;
