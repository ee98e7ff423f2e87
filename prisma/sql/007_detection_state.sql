-- One row: the state of the store's detection, not a log.
ALTER TABLE detection_state ADD CONSTRAINT detection_state_one_row CHECK (id = 1);
