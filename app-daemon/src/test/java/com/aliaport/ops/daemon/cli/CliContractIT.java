package com.aliaport.ops.daemon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.aliaport.ops.daemon.testsupport.DaemonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The contract's exit 2: a wrong command line answers one line {@code error: …} on stderr, before any work. */
class CliContractIT {

    @Test
    void unknown_commands_options_and_bad_arguments_exit_2_with_one_error_line() {
        List<List<String>> wrong = List.of(
                List.of("nosuch"),
                List.of("jobs", "--bogus"),
                List.of("jobs", "list", "--bogus"),
                List.of("reports", "frob"),
                List.of("reports", "submit"),
                List.of("reports", "status"),
                List.of("seed", "--scale", "huge"),
                List.of("seed", "--movements", "many"));
        for (List<String> args : wrong) {
            var result = DaemonNode.cli(null, Map.of(), args.toArray(String[]::new));
            assertThat(result.exitCode())
                    .as(String.join(" ", args) + ": " + result.stderr())
                    .isEqualTo(2);
            assertThat(result.errorLines())
                    .as(String.join(" ", args))
                    .hasSize(1)
                    .first()
                    .asString()
                    .startsWith("error: ");
            assertThat(result.stdout()).as(String.join(" ", args)).isEmpty();
        }
    }
}
