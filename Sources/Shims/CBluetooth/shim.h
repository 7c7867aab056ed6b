// Thin shim over BlueZ's libbluetooth: HCI sockets and the L2CAP socket address
// used for the ATT channel. Typed wrappers for macro-only APIs go here.
#pragma once
#include <bluetooth/bluetooth.h>
#include <bluetooth/hci.h>
#include <bluetooth/hci_lib.h>
#include <bluetooth/l2cap.h>
