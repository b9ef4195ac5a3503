"""Writes testdata/geo/python/{city,asn}.mmdb with the Python `mmdb-writer` package (0.2.7,
PyPI), holding the records tests/support/mmdb.rs writes with the Rust `maxminddb-writer`,
in the encodings a Python user gets:

- asn.mmdb: the writer's default `int_type="auto"`, which stores an AS number below 65,536
  (64500, 64501) as a uint16 where MaxMind's databases have a uint32;
- city.mmdb: `float_type="f32"`, latitude and longitude as 4-byte floats where MaxMind's
  databases have doubles.

tests/enrichment.rs holds firelog's output on these files byte for byte to its output on
the Rust writer's. The files are checked in, so the tests need no Python. To write them
again (the build time in their metadata changes, nothing else):

    python3 -m venv /tmp/mmdb-venv && /tmp/mmdb-venv/bin/pip install mmdb-writer==0.2.7 netaddr
    /tmp/mmdb-venv/bin/python testdata/geo/python/write.py
"""

import os

from mmdb_writer import MMDBWriter
from netaddr import IPSet

HERE = os.path.dirname(os.path.abspath(__file__))


def names(en):
    return {"en": en}


def city(city_name, iso_code, country, latitude, longitude):
    return {
        "city": {"names": names(city_name)},
        "country": {"iso_code": iso_code, "names": names(country)},
        "location": {"latitude": latitude, "longitude": longitude},
    }


def write(name, database_type, records, **encoding):
    # IPv4 networks in the IPv6 tree, as MaxMind's databases (and tests/support/mmdb.rs) have them.
    writer = MMDBWriter(
        ip_version=6,
        ipv4_compatible=True,
        database_type=database_type,
        languages=["en"],
        description="firelog test database (Python mmdb-writer)",
        **encoding,
    )
    for network, record in records:
        writer.insert_network(IPSet([network]), record)
    writer.to_db_file(os.path.join(HERE, name))


write(
    "city.mmdb",
    "GeoLite2-City",
    [
        ("203.0.113.0/24", city("Sydney", "AU", "Australia", -33.8688, 151.2093)),
        ("198.51.100.0/24", {"country": {"iso_code": "DE", "names": names("Germany")}}),
        ("2001:db8:1::/48", city("Linköping", "SE", "Sweden", 58.4167, 15.6167)),
    ],
    float_type="f32",
)

write(
    "asn.mmdb",
    "GeoLite2-ASN",
    [
        ("203.0.113.0/24", {"autonomous_system_number": 64500, "autonomous_system_organization": "Example Transit Ltd"}),
        ("2001:db8:1::/48", {"autonomous_system_number": 64501, "autonomous_system_organization": 'Exempel "Bredband" AB'}),
    ],
)
