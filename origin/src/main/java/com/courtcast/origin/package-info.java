/**
 * The origin: Vert.x HTTP serving of live LL-HLS and recordings, the admin API for court IT, the
 * bookings store and the public catalog of hearings.
 */
package com.courtcast.origin;
