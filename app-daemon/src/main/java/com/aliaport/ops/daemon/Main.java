package com.aliaport.ops.daemon;

public final class Main {
    public static void main(String[] args) {
        System.out.println("aliaport");
    }
}
