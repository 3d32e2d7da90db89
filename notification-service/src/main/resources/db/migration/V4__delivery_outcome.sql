-- A notification not delivered for good (the egress policy refused its target, or the receiver redirected), with
-- the reason, beside the delivered ones: it is not tried again.
ALTER TABLE notification ADD COLUMN outcome text NOT NULL DEFAULT 'delivered';
ALTER TABLE notification ADD COLUMN reason text;
