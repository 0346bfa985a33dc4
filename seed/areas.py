"""The 42 criminal justice areas of England and Wales, and the geometry the seed places things with.

Each area is the area of one police force (the Metropolitan and City of London forces combined as
London). Generated addresses, premises and zones of an area lie inside a circle around its main city
or town, small enough to stay inside the real area (and out of the sea).
"""

import math
import random
from dataclasses import dataclass

EARTH_RADIUS_M = 6_371_008.8  # mean Earth radius (IUGG), as the haversine check uses
NATIONAL = "NATIONAL"  # the area of agencies that work in every area (electronic monitoring)


@dataclass(frozen=True)
class Area:
    """One criminal justice area: where its people live and what its agencies are called."""

    code: str
    name: str
    lat: float
    lon: float
    radius_km: float
    weight: int  # resident population in thousands: offenders are distributed by it
    towns: tuple[str, ...]
    postcodes: tuple[str, ...]  # postcode areas, e.g. ("BS",)
    police: str
    prison: str
    council: str
    locality: str  # short name of the main local authority, e.g. "Bristol"

    @property
    def radius_m(self) -> float:
        return self.radius_km * 1000.0


def _area(  # noqa: PLR0917 - one positional row per area keeps the table readable
    code: str, name: str, centre: tuple[float, float], radius_km: float, weight: int,
    towns: str, postcodes: str, police: str, prison: str, council: str, locality: str,
) -> Area:
    return Area(
        code, name, centre[0], centre[1], radius_km, weight,
        tuple(t.strip() for t in towns.split(",")), tuple(postcodes.split()),
        police, prison, council, locality,
    )


AREAS: tuple[Area, ...] = (
    _area("AVS", "Avon and Somerset", (51.4545, -2.5879), 8, 1750,
          "Bristol, Keynsham, Kingswood, Filton, Long Ashton, Bradley Stoke", "BS",
          "Avon and Somerset Police", "HMP Bristol", "Bristol City Council", "Bristol"),
    _area("BDS", "Bedfordshire", (52.1360, -0.4667), 10, 690,
          "Bedford, Kempston, Biddenham, Clapham, Wootton, Cardington", "MK",
          "Bedfordshire Police", "HMP Bedford", "Bedford Borough Council", "Bedford"),
    _area("CAM", "Cambridgeshire", (52.2053, 0.1218), 10, 890,
          "Cambridge, Histon, Cottenham, Sawston, Milton, Great Shelford", "CB",
          "Cambridgeshire Constabulary", "HMP Littlehey", "Cambridge City Council", "Cambridge"),
    _area("CHS", "Cheshire", (53.2587, -2.5180), 10, 1080,
          "Northwich, Winsford, Middlewich, Hartford, Davenham, Barnton", "CW",
          "Cheshire Constabulary", "HMP Risley", "Cheshire West and Chester Council",
          "Cheshire West"),
    _area("CLE", "Cleveland", (54.5560, -1.2400), 5, 570,
          "Middlesbrough, Stockton-on-Tees, Thornaby-on-Tees, Acklam, Nunthorpe, Ormesby", "TS",
          "Cleveland Police", "HMP Holme House", "Middlesbrough Council", "Middlesbrough"),
    _area("CUM", "Cumbria", (54.8925, -2.9329), 7, 500,
          "Carlisle, Dalston, Wetheral, Stanwix, Harraby, Houghton", "CA",
          "Cumbria Constabulary", "HMP Haverigg", "Cumberland Council", "Cumberland"),
    _area("DBY", "Derbyshire", (52.9225, -1.4746), 8, 1060,
          "Derby, Mickleover, Allestree, Chaddesden, Spondon, Duffield", "DE",
          "Derbyshire Constabulary", "HMP Sudbury", "Derby City Council", "Derby"),
    _area("DCS", "Devon and Cornwall", (50.7260, -3.5275), 7, 1800,
          "Exeter, Topsham, Exminster, Pinhoe, Alphington, Broadclyst", "EX",
          "Devon and Cornwall Police", "HMP Exeter", "Exeter City Council", "Exeter"),
    _area("DOR", "Dorset", (50.7650, -1.8900), 4.5, 780,
          "Bournemouth, Poole, Kinson, Broadstone, West Parley, Talbot Village", "BH",
          "Dorset Police", "HMP The Verne",
          "Bournemouth, Christchurch and Poole Council", "Bournemouth"),
    _area("DUR", "Durham", (54.7761, -1.5733), 8, 640,
          "Durham, Brandon, Ushaw Moor, Sherburn, Bowburn, Framwellgate Moor", "DH",
          "Durham Constabulary", "HMP Durham", "Durham County Council", "Durham"),
    _area("DPP", "Dyfed-Powys", (51.8576, -4.3121), 7, 520,
          "Carmarthen, Johnstown, Llangunnor, Bronwydd, Abergwili, Llanllwch", "SA",
          "Dyfed-Powys Police", "HMP Swansea", "Carmarthenshire County Council",
          "Carmarthenshire"),
    _area("ESX", "Essex", (51.7356, 0.4685), 10, 1850,
          "Chelmsford, Great Baddow, Writtle, Broomfield, Danbury, Galleywood", "CM",
          "Essex Police", "HMP Chelmsford", "Chelmsford City Council", "Chelmsford"),
    _area("GLO", "Gloucestershire", (51.8642, -2.2382), 8, 640,
          "Gloucester, Quedgeley, Hucclecote, Churchdown, Longlevens, Brockworth", "GL",
          "Gloucestershire Constabulary", "HMP Eastwood Park", "Gloucester City Council",
          "Gloucester"),
    _area("GMP", "Greater Manchester", (53.4808, -2.2426), 10, 2870,
          "Manchester, Salford, Stockport, Stretford, Sale, Prestwich, Droylsden", "M",
          "Greater Manchester Police", "HMP Manchester", "Manchester City Council",
          "Manchester"),
    _area("GWE", "Gwent", (51.6000, -3.0000), 5, 600,
          "Newport, Caerleon, Malpas, Bettws, Rogerstone, Langstone", "NP",
          "Gwent Police", "HMP Usk", "Newport City Council", "Newport"),
    _area("HAM", "Hampshire and Isle of Wight", (51.0632, -1.3080), 10, 2000,
          "Winchester, Kings Worthy, Otterbourne, Twyford, Sparsholt, Harestock", "SO",
          "Hampshire and Isle of Wight Constabulary", "HMP Winchester",
          "Winchester City Council", "Winchester"),
    _area("HRT", "Hertfordshire", (51.7527, -0.3394), 7, 1200,
          "St Albans, Hatfield, Harpenden, London Colney, Colney Heath, Park Street", "AL",
          "Hertfordshire Constabulary", "HMP The Mount", "St Albans City and District Council",
          "St Albans"),
    _area("HUM", "Humberside", (53.7800, -0.3500), 5, 930,
          "Kingston upon Hull, Cottingham, Sutton-on-Hull, Anlaby, Willerby, Bransholme", "HU",
          "Humberside Police", "HMP Hull", "Hull City Council", "Hull"),
    _area("KNT", "Kent", (51.2704, 0.5227), 10, 1860,
          "Maidstone, Aylesford, Bearsted, Larkfield, Coxheath, Snodland", "ME",
          "Kent Police", "HMP Maidstone", "Maidstone Borough Council", "Maidstone"),
    _area("LAN", "Lancashire", (53.7632, -2.7031), 8, 1530,
          "Preston, Fulwood, Penwortham, Leyland, Bamber Bridge, Walton-le-Dale", "PR",
          "Lancashire Constabulary", "HMP Preston", "Preston City Council", "Preston"),
    _area("LEI", "Leicestershire", (52.6369, -1.1398), 8, 1100,
          "Leicester, Wigston, Oadby, Birstall, Braunstone Town, Glenfield", "LE",
          "Leicestershire Police", "HMP Leicester", "Leicester City Council", "Leicester"),
    _area("LIN", "Lincolnshire", (53.2307, -0.5406), 8, 770,
          "Lincoln, North Hykeham, Bracebridge Heath, Nettleham, Waddington, Skellingthorpe",
          "LN", "Lincolnshire Police", "HMP Lincoln", "City of Lincoln Council", "Lincoln"),
    _area("LDN", "London", (51.5074, -0.1278), 15, 8900,
          "Westminster, Camden, Islington, Hackney, Lambeth, Southwark, Lewisham, Brent, "
          "Haringey, Wandsworth, Tower Hamlets, Newham, Ealing, Croydon",
          "E N NW SE SW W",
          "Metropolitan Police Service", "HMP Pentonville", "London Borough of Lambeth",
          "Lambeth"),
    _area("MER", "Merseyside", (53.4300, -2.9000), 5, 1430,
          "Liverpool, Bootle, Huyton, Kirkby, Walton, West Derby", "L",
          "Merseyside Police", "HMP Liverpool", "Liverpool City Council", "Liverpool"),
    _area("NFK", "Norfolk", (52.6309, 1.2974), 8, 920,
          "Norwich, Sprowston, Hellesdon, Costessey, Thorpe St Andrew, Taverham", "NR",
          "Norfolk Constabulary", "HMP Norwich", "Norwich City Council", "Norwich"),
    _area("NYK", "North Yorkshire", (53.9590, -1.0815), 8, 830,
          "York, Haxby, Copmanthorpe, Dunnington, Huntington, Acomb", "YO",
          "North Yorkshire Police", "HMP Askham Grange", "City of York Council", "York"),
    _area("NTH", "Northamptonshire", (52.2405, -0.9027), 8, 760,
          "Northampton, Duston, Moulton, Kingsthorpe, Weston Favell, Wootton", "NN",
          "Northamptonshire Police", "HMP Five Wells", "West Northamptonshire Council",
          "Northampton"),
    _area("NBR", "Northumbria", (54.9783, -1.6178), 7, 1500,
          "Newcastle upon Tyne, Gateshead, Gosforth, Wallsend, Whickham, Benton", "NE",
          "Northumbria Police", "HMP Northumberland", "Newcastle City Council", "Newcastle"),
    _area("NOT", "Nottinghamshire", (52.9548, -1.1581), 7, 1160,
          "Nottingham, Beeston, West Bridgford, Arnold, Carlton, Bulwell", "NG",
          "Nottinghamshire Police", "HMP Nottingham", "Nottingham City Council", "Nottingham"),
    _area("NWA", "North Wales", (53.0466, -2.9930), 5, 700,
          "Wrexham, Gresford, Rhosllanerchrugog, Brymbo, Acton, Rhostyllen", "LL",
          "North Wales Police", "HMP Berwyn", "Wrexham County Borough Council", "Wrexham"),
    _area("SWA", "South Wales", (51.5050, -3.2000), 4.5, 1330,
          "Cardiff, Llandaff, Whitchurch, Roath, Canton, Llanishen", "CF",
          "South Wales Police", "HMP Cardiff", "Cardiff Council", "Cardiff"),
    _area("SYK", "South Yorkshire", (53.3811, -1.4701), 6, 1400,
          "Sheffield, Hillsborough, Ecclesall, Attercliffe, Firth Park, Crookes", "S",
          "South Yorkshire Police", "HMP Doncaster", "Sheffield City Council", "Sheffield"),
    _area("STS", "Staffordshire", (53.0027, -2.1794), 7, 1130,
          "Stoke-on-Trent, Newcastle-under-Lyme, Hanley, Burslem, Longton, Tunstall", "ST",
          "Staffordshire Police", "HMP Stafford", "Stoke-on-Trent City Council", "Stoke"),
    _area("SFK", "Suffolk", (52.0650, 1.1400), 5, 760,
          "Ipswich, Kesgrave, Rushmere St Andrew, Sproughton, Whitton, Pinewood", "IP",
          "Suffolk Constabulary", "HMP Highpoint", "Ipswich Borough Council", "Ipswich"),
    _area("SRY", "Surrey", (51.2362, -0.5704), 8, 1200,
          "Guildford, Godalming, Shalford, Burpham, Merrow, Send", "GU",
          "Surrey Police", "HMP Coldingley", "Guildford Borough Council", "Guildford"),
    _area("SXX", "Sussex", (50.8600, -0.1300), 4, 1700,
          "Brighton, Hove, Patcham, Withdean, Moulsecoomb, Hollingbury", "BN",
          "Sussex Police", "HMP Lewes", "Brighton & Hove City Council", "Brighton and Hove"),
    _area("TVP", "Thames Valley", (51.7520, -1.2577), 8, 2430,
          "Oxford, Headington, Kidlington, Botley, Cowley, Kennington", "OX",
          "Thames Valley Police", "HMP Bullingdon", "Oxford City Council", "Oxford"),
    _area("WAR", "Warwickshire", (52.2819, -1.5849), 6, 600,
          "Warwick, Royal Leamington Spa, Kenilworth, Whitnash, Hampton Magna, "
          "Bishop's Tachbrook", "CV",
          "Warwickshire Police", "HMP Onley", "Warwick District Council", "Warwick"),
    _area("WMC", "West Mercia", (52.1920, -2.2200), 8, 1300,
          "Worcester, Droitwich Spa, Claines, Powick, Fernhill Heath, Kempsey", "WR",
          "West Mercia Police", "HMP Long Lartin", "Worcester City Council", "Worcester"),
    _area("WMP", "West Midlands", (52.4862, -1.8904), 10, 2940,
          "Birmingham, Solihull, Sutton Coldfield, West Bromwich, Smethwick, Erdington, "
          "Edgbaston", "B",
          "West Midlands Police", "HMP Birmingham", "Birmingham City Council", "Birmingham"),
    _area("WYK", "West Yorkshire", (53.8008, -1.5491), 9, 2350,
          "Leeds, Morley, Pudsey, Horsforth, Rothwell, Seacroft", "LS",
          "West Yorkshire Police", "HMP Leeds", "Leeds City Council", "Leeds"),
    _area("WIL", "Wiltshire", (51.5558, -1.7797), 6, 720,
          "Swindon, Stratton St Margaret, Wroughton, Haydon Wick, Blunsdon, Covingham", "SN",
          "Wiltshire Police", "HMP Erlestoke", "Swindon Borough Council", "Swindon"),
)

AREAS_BY_CODE: dict[str, Area] = {area.code: area for area in AREAS}


def haversine_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in metres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(h))


def destination(
    lat: float, lon: float, bearing_deg: float, distance_m: float
) -> tuple[float, float]:
    """The point `distance_m` from (lat, lon) along the initial bearing (0 = north, 90 = east)."""
    p1, l1 = math.radians(lat), math.radians(lon)
    b, d = math.radians(bearing_deg), distance_m / EARTH_RADIUS_M
    p2 = math.asin(math.sin(p1) * math.cos(d) + math.cos(p1) * math.sin(d) * math.cos(b))
    l2 = l1 + math.atan2(
        math.sin(b) * math.sin(d) * math.cos(p1), math.cos(d) - math.sin(p1) * math.sin(p2)
    )
    return round(math.degrees(p2), 6), round(math.degrees(l2), 6)


# Points are generated a little inside the circle, so rounding and the slightly different Earth
# radius Neo4j's distance() uses never push one across the edge.
_MARGIN = 0.98


def random_point(
    rng: random.Random, lat: float, lon: float, radius_m: float
) -> tuple[float, float]:
    """A uniformly distributed point of the disc of `radius_m` around (lat, lon)."""
    distance = radius_m * math.sqrt(rng.random())
    return destination(lat, lon, rng.random() * 360.0, distance)


def random_point_in_area(rng: random.Random, area: Area) -> tuple[float, float]:
    """A uniformly distributed point of the area's circle."""
    return random_point(rng, area.lat, area.lon, area.radius_m * _MARGIN)

