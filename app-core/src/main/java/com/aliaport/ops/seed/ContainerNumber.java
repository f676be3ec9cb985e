package com.aliaport.ops.seed;

/**
 * A freight container number (ISO 6346): owner code and category ({@code MSCU}), six digits, and a check digit
 * from the letter values (A=10, skipping multiples of 11) and digits weighted by powers of two, modulo 11.
 */
public final class ContainerNumber {
    private ContainerNumber() {}

    public static int checkDigit(String tenChars) {
        if (tenChars == null || !tenChars.matches("[A-Z]{4}[0-9]{6}")) {
            throw new IllegalArgumentException("expected four letters and six digits, got '" + tenChars + "'");
        }
        int sum = 0;
        for (int i = 0; i < 10; i++) {
            char c = tenChars.charAt(i);
            sum += value(c) << i;
        }
        return sum % 11 % 10;
    }

    public static boolean isValid(String number) {
        return number != null
                && number.matches("[A-Z]{4}[0-9]{7}")
                && checkDigit(number.substring(0, 10)) == number.charAt(10) - '0';
    }

    public static String of(String tenChars) {
        return tenChars + checkDigit(tenChars);
    }

    private static int value(char c) {
        if (Character.isDigit(c)) {
            return c - '0';
        }
        int v = 10 + (c - 'A');
        // Values 11, 22 and 33 are skipped so that no letter equals the modulus.
        if (v >= 11) v++;
        if (v >= 22) v++;
        if (v >= 33) v++;
        return v;
    }
}
