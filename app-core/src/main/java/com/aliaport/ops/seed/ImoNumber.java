package com.aliaport.ops.seed;

/**
 * A ship's IMO number: seven digits, the last being the sum of the first six weighted 7, 6, 5, 4, 3, 2, modulo 10
 * (IMO resolution A.1117(30)).
 */
public final class ImoNumber {
    private ImoNumber() {}

    public static int checkDigit(String sixDigits) {
        Vkn.requireDigits(sixDigits, 6);
        int sum = 0;
        for (int i = 0; i < 6; i++) {
            sum += (sixDigits.charAt(i) - '0') * (7 - i);
        }
        return sum % 10;
    }

    public static boolean isValid(String imo) {
        if (imo == null || imo.length() != 7 || !imo.chars().allMatch(Character::isDigit)) {
            return false;
        }
        return checkDigit(imo.substring(0, 6)) == imo.charAt(6) - '0';
    }

    public static String of(String sixDigits) {
        return sixDigits + checkDigit(sixDigits);
    }
}
