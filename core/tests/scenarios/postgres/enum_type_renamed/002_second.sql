ALTER TYPE shipping_state RENAME TO shipment_state;
ALTER TYPE shipment_state ADD VALUE 'delivered' AFTER 'shipped';
