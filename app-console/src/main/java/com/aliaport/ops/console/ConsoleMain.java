package com.aliaport.ops.console;

public final class ConsoleMain {
    public static void main(String[] args) {
        System.out.println("aliaport console");
    }
}
