"""Distances on the sphere, and the approximate public position of a provider's home."""

import hashlib
import hmac
import math

EARTH_RADIUS_KM = 6371.0088

# The public position lies this far from the home, in metres (docs/privacy.md).
MIN_OFFSET_M = 400.0
MAX_OFFSET_M = 1200.0


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance by the haversine formula."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlambda = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(a))


def offset_point(lat: float, lon: float, *, distance_m: float, bearing_rad: float) -> tuple[float, float]:
    """The point at a distance and bearing from another, on the sphere."""
    delta = distance_m / 1000 / EARTH_RADIUS_KM
    phi1, lambda1 = math.radians(lat), math.radians(lon)
    phi2 = math.asin(
        math.sin(phi1) * math.cos(delta) + math.cos(phi1) * math.sin(delta) * math.cos(bearing_rad)
    )
    lambda2 = lambda1 + math.atan2(
        math.sin(bearing_rad) * math.sin(delta) * math.cos(phi1),
        math.cos(delta) - math.sin(phi1) * math.sin(phi2),
    )
    return math.degrees(phi2), math.degrees(lambda2)


def approximate_position(*, lat: float, lon: float, register_number: str, secret: str) -> tuple[float, float]:
    """The public position of a home: moved by a keyed, fixed offset of 400 m to 1.2 km.

    The offset comes from an HMAC of the register number under a server secret, so it is the same
    on every request (asking again tells nothing more) and cannot be undone without the secret.
    """
    digest = hmac.new(secret.encode(), register_number.encode(), hashlib.sha256).digest()
    bearing = int.from_bytes(digest[:8], "big") / 2**64 * 2 * math.pi
    fraction = int.from_bytes(digest[8:16], "big") / 2**64
    distance_m = MIN_OFFSET_M + fraction * (MAX_OFFSET_M - MIN_OFFSET_M)
    new_lat, new_lon = offset_point(lat, lon, distance_m=distance_m, bearing_rad=bearing)
    return round(new_lat, 5), round(new_lon, 5)
