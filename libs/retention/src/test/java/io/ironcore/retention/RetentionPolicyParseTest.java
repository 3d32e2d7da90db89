package io.ironcore.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The policy syntax, as a table: input | canonical form, and input | error message. */
class RetentionPolicyParseTest {

    @ParameterizedTest(name = "[{index}] \"{0}\" -> \"{1}\"")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            # input                                                  | canonical form
            keep-daily=7, keep-weekly=4, keep-monthly=12              | keep-daily=7, keep-weekly=4, keep-monthly=12
            keep-daily=7                                              | keep-daily=7
            keep-last=1                                               | keep-last=1
            keep-hourly=24                                            | keep-hourly=24
            keep-yearly=100000                                        | keep-yearly=100000
            keep-daily=7,keep-weekly=4                                | keep-daily=7, keep-weekly=4
            keep-monthly=12, keep-daily=7                             | keep-daily=7, keep-monthly=12
            keep-yearly=1,keep-monthly=2, keep-weekly=3 ,keep-daily=4 , keep-hourly=5,   keep-last=6 | keep-last=6, keep-hourly=5, keep-daily=4, keep-weekly=3, keep-monthly=2, keep-yearly=1
            "  keep-daily=7 ,  keep-weekly=4  "                       | keep-daily=7, keep-weekly=4
            "keep-daily=7,\tkeep-weekly=4\n"                          | keep-daily=7, keep-weekly=4
            keep-daily = 7                                            | keep-daily=7
            keep-daily=007                                            | keep-daily=7
            keep-weekly=0000000000000000000004                        | keep-weekly=4
            """)
    void validPolicies(String input, String canonical) {
        RetentionPolicy policy = RetentionPolicy.parse(input);
        assertThat(policy.format()).isEqualTo(canonical);
        assertThat(policy.toString()).isEqualTo(canonical);
        assertThat(RetentionPolicy.parse(canonical)).isEqualTo(policy);
    }

    @ParameterizedTest(name = "[{index}] \"{0}\" -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            # input                            | error message
            keep-daily=0                       | keep-daily must be an integer between 1 and 100000, got '0'
            keep-daily=-1                      | keep-daily must be an integer between 1 and 100000, got '-1'
            keep-daily=+7                      | keep-daily must be an integer between 1 and 100000, got '+7'
            keep-daily=1e9                     | keep-daily must be an integer between 1 and 100000, got '1e9'
            keep-daily=1000000000              | keep-daily must be an integer between 1 and 100000, got '1000000000'
            keep-daily=100001                  | keep-daily must be an integer between 1 and 100000, got '100001'
            keep-daily=99999999999999999999999 | keep-daily must be an integer between 1 and 100000, got '99999999999999999999999'
            keep-daily=7.0                     | keep-daily must be an integer between 1 and 100000, got '7.0'
            keep-daily=0x10                    | keep-daily must be an integer between 1 and 100000, got '0x10'
            keep-daily=seven                   | keep-daily must be an integer between 1 and 100000, got 'seven'
            keep-daily=٧                       | keep-daily must be an integer between 1 and 100000, got '٧'
            keep-daily=                        | keep-daily must be an integer between 1 and 100000, got ''
            "keep-daily=  "                    | keep-daily must be an integer between 1 and 100000, got ''
            keep-daily==7                      | keep-daily must be an integer between 1 and 100000, got '=7'
            keep-daily=7 keep-weekly=4         | keep-daily must be an integer between 1 and 100000, got '7 keep-weekly=4'
            keep-daily=7; keep-weekly=4        | keep-daily must be an integer between 1 and 100000, got '7; keep-weekly=4'
            keep-weekly=4, keep-daily=0        | keep-daily must be an integer between 1 and 100000, got '0'
            keep-daily                         | keep-daily needs a value, e.g. 'keep-daily=7'
            keep-fortnightly=2                 | unknown retention window 'keep-fortnightly' (known: keep-last, keep-hourly, keep-daily, keep-weekly, keep-monthly, keep-yearly)
            keep-within=2d                     | unknown retention window 'keep-within' (known: keep-last, keep-hourly, keep-daily, keep-weekly, keep-monthly, keep-yearly)
            daily=7                            | unknown retention window 'daily' (did you mean 'keep-daily'? known: keep-last, keep-hourly, keep-daily, keep-weekly, keep-monthly, keep-yearly)
            Keep-Daily=7                       | unknown retention window 'Keep-Daily' (did you mean 'keep-daily'? known: keep-last, keep-hourly, keep-daily, keep-weekly, keep-monthly, keep-yearly)
            keep daily=7                       | unknown retention window 'keep daily' (known: keep-last, keep-hourly, keep-daily, keep-weekly, keep-monthly, keep-yearly)
            keep-daily=7, keep-daily=8         | keep-daily is given twice
            keep-daily=7, keep-weekly=4, keep-daily=7 | keep-daily is given twice
            keep-daily=7, keep-daily           | keep-daily is given twice
            =7                                 | retention window name is missing in '=7' (known: keep-last, keep-hourly, keep-daily, keep-weekly, keep-monthly, keep-yearly)
            ""                                 | retention policy is empty: expected windows such as 'keep-daily=7, keep-weekly=4'
            "   "                              | retention policy is empty: expected windows such as 'keep-daily=7, keep-weekly=4'
            ,                                  | stray comma in retention policy ',': windows are separated by single commas, e.g. 'keep-daily=7, keep-weekly=4'
            keep-daily=7,                      | stray comma in retention policy 'keep-daily=7,': windows are separated by single commas, e.g. 'keep-daily=7, keep-weekly=4'
            ", keep-daily=7"                   | stray comma in retention policy ', keep-daily=7': windows are separated by single commas, e.g. 'keep-daily=7, keep-weekly=4'
            "keep-daily=7,, keep-weekly=4"     | stray comma in retention policy 'keep-daily=7,, keep-weekly=4': windows are separated by single commas, e.g. 'keep-daily=7, keep-weekly=4'
            "keep-daily=7, , keep-weekly=4"    | stray comma in retention policy 'keep-daily=7, , keep-weekly=4': windows are separated by single commas, e.g. 'keep-daily=7, keep-weekly=4'
            keep-daily=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa | keep-daily must be an integer between 1 and 100000, got 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa...'
            """)
    void invalidPolicies(String input, String message) {
        assertThatThrownBy(() -> RetentionPolicy.parse(input))
                .isInstanceOf(RetentionSyntaxException.class)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }

    @Test
    void exceptionNamesTheWindowAndKeepsTheInput() {
        RetentionSyntaxException e = catchThrowableOfType(
                () -> RetentionPolicy.parse("keep-weekly=4, keep-daily=0"), RetentionSyntaxException.class);
        assertThat(e.window()).contains("keep-daily");
        assertThat(e.input()).isEqualTo("keep-weekly=4, keep-daily=0");

        RetentionSyntaxException unknown = catchThrowableOfType(
                () -> RetentionPolicy.parse("keep-fortnightly=2"), RetentionSyntaxException.class);
        assertThat(unknown.window()).contains("keep-fortnightly");

        RetentionSyntaxException stray = catchThrowableOfType(
                () -> RetentionPolicy.parse("keep-daily=7,"), RetentionSyntaxException.class);
        assertThat(stray.window()).isEmpty();
    }

    @Test
    void nullIsAProgrammingError() {
        assertThatThrownBy(() -> RetentionPolicy.parse(null)).isInstanceOf(NullPointerException.class);
    }
}
