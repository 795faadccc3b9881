-- KeyedLanesBrokerTest: one row per record whose effect committed, with the order the effects were taken in.
CREATE TABLE lane_effect (event_id TEXT PRIMARY KEY, record_key TEXT NOT NULL, applied_order BIGINT NOT NULL);
