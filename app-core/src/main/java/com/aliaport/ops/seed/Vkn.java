package com.aliaport.ops.seed;

/**
 * The Turkish tax number (vergi kimlik numarası) of a company: ten digits, the last a check digit over the
 * first nine (the algorithm of the Revenue Administration, as python-stdnum's {@code tr.vkn} implements it).
 */
public final class Vkn {
    private Vkn() {}

    /** The check digit for the first nine digits. */
    public static int checkDigit(String nineDigits) {
        requireDigits(nineDigits, 9);
        int sum = 0;
        for (int i = 1; i <= 9; i++) {
            int digit = nineDigits.charAt(9 - i) - '0';
            int c1 = (digit + i) % 10;
            if (c1 != 0) {
                int c2 = (c1 * (1 << i)) % 9;
                sum += c2 == 0 ? 9 : c2;
            }
        }
        return (10 - sum % 10) % 10;
    }

    public static boolean isValid(String vkn) {
        if (vkn == null || vkn.length() != 10 || !vkn.chars().allMatch(Character::isDigit)) {
            return false;
        }
        return checkDigit(vkn.substring(0, 9)) == vkn.charAt(9) - '0';
    }

    /** A valid number from any nine-digit body. */
    public static String of(String nineDigits) {
        return nineDigits + checkDigit(nineDigits);
    }

    static void requireDigits(String s, int length) {
        if (s == null || s.length() != length || !s.chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException("expected " + length + " digits, got '" + s + "'");
        }
    }
}
