/** The authoritative geo-aware DNS (dnsjava) that sends each viewer to a healthy, near edge. */
package com.courtcast.geodns;
