package com.courtcast.common.playback;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * An IPv4 or IPv6 network in CIDR form ({@code 203.0.113.0/24}), normalized so that the host
 * bits are zero; {@link #toString()} is the canonical text that tokens sign.
 */
public record Subnet(byte[] network, int prefixLength) {

    public Subnet {
        network = network.clone();
    }

    /** Parses {@code ADDRESS/PREFIX}; a bare address is a single host. */
    public static Subnet parse(String cidr) {
        int slash = cidr.indexOf('/');
        String host = slash < 0 ? cidr : cidr.substring(0, slash);
        if (!host.matches("[0-9A-Fa-f:.]+")) {
            throw new IllegalArgumentException("not an IP network: " + cidr);
        }
        byte[] address;
        try {
            // Literal addresses only (checked above), so this never asks DNS.
            address = InetAddress.getByName(host).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP network: " + cidr);
        }
        int bits = address.length * 8;
        int prefix = bits;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(cidr.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not an IP network: " + cidr);
            }
        }
        if (prefix < 0 || prefix > bits) {
            throw new IllegalArgumentException("prefix length must be 0.." + bits + ", was " + prefix);
        }
        return new Subnet(mask(address, prefix), prefix);
    }

    public boolean contains(InetAddress address) {
        byte[] bytes = address.getAddress();
        return bytes.length == network.length && java.util.Arrays.equals(mask(bytes, prefixLength), network);
    }

    @Override
    public byte[] network() {
        return network.clone();
    }

    private static byte[] mask(byte[] address, int prefix) {
        byte[] masked = address.clone();
        for (int i = 0; i < masked.length; i++) {
            int keep = Math.max(0, Math.min(8, prefix - i * 8));
            masked[i] &= (byte) (0xff << (8 - keep));
        }
        return masked;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Subnet s && s.prefixLength == prefixLength && java.util.Arrays.equals(s.network, network);
    }

    @Override
    public int hashCode() {
        return 31 * java.util.Arrays.hashCode(network) + prefixLength;
    }

    @Override
    public String toString() {
        try {
            return InetAddress.getByAddress(network).getHostAddress() + "/" + prefixLength;
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
