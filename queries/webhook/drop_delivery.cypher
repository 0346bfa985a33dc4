// Drop a delivery without sending it: its webhook was disabled, or its owner may no longer see the case.
// params: deliveryId, reason
MATCH (d:Delivery {id: $deliveryId})
SET d.state = 'DROPPED', d.droppedReason = $reason, d.leaseUntil = null
