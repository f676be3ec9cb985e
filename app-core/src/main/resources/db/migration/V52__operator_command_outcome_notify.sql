-- The console follows a command to its outcome: besides the insert, every change of state is announced.
CREATE OR REPLACE FUNCTION operator_commands_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('operator_commands', NEW.id::text);
    RETURN NULL;
END $$;

CREATE TRIGGER operator_commands_state_changed
    AFTER UPDATE OF state ON operator_commands
    FOR EACH ROW WHEN (OLD.state IS DISTINCT FROM NEW.state)
    EXECUTE FUNCTION operator_commands_changed();
