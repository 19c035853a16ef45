/** The cache-filling HTTP edge (Netty + Caffeine) that serves viewers and shields the origins. */
package com.courtcast.edge;
