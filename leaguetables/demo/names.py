"""Invented place names and the patterns of the demo trusts' names."""

from __future__ import annotations

from collections.abc import Mapping

# Invented place names: none is a real place with an NHS trust, and tests check that none appears
# in a real trust name.
PLACES = """
Ashcombe Wendle Brindlemoor Corravel Dunmarsh Elderwick Fennock Gorsewell Hallowmere Ivelbury
Kelderby Larchmere Marrowdale Nettlebrook Oakhollow Penwarden Quillbrook Rookhaven Saltmere
Thistlewood Vellacott Wrenford Yarrowby Amberleigh Bramblecote Cindermoor Dapplebury Eskerby
Fallowmere Glimmerton Heatherlow Inkerby Kestrelcombe Linnetby Moorcaster Nightwell Orchardlea
Pebblecombe Quenmoor Ravensholt Sorrelby Umbermere Vantwell Willowmead Wyvernham Yelverstone
Abbotsmere Arvenford Brackenholt Burrowmede Caddlestone Caverleigh Chalkmere Clovermead Cobbleford
Corvanbury Draycombe Dunwellow Elmsworthy Emberlow Fairhollow Farrowby Fernacre Fiddlecombe
Galewick Gannetsby Glenmorrow Greyholt Hartwendle Hollinsmere Hopwendle Kettlemoor Knotwell
Lammerside Lanterby Lindenmere Loxworthy Lumbercombe Mallowfield Mistlebury Morrowfield Mossgrave
Orrinsby Otterholt Owlscombe Pellingford Pipersby Plumhollow Quaverley Rainsworthy Redmarrow
Rillingmoor Ryecombe Sablemere Scarrowby Skelderwick Sparrowdale Tamberley Teasleford Thornwendle
Tillingmere Underhollow Vardenby Velmoor Wandlecombe Windlecombe Wolderby Wrackham Yewhollow
Yornby Zelmere Ambervale Ashenwick Barrowmere Bellingcott Birchwendle Bramhollow Candlebury
Carrowmere Chiverley Coldwendle Copperholt Cressingby Dimmerby Dorrowfield Driftmere Durrowby
Ellerwick Elvenmoor Farthingdale Fettlecombe Flintmere Frostholt Gleaverby Gorringley Gravenholt
Hallowby Harkwell Hembleford Hollowcombe Inglemoor Ivorsby Jessamoor Kindlewick Kirrowby Lacewell
Lanternmere Larkwendle Lowmarrow Lyndenholt Marlingcombe Meddlesby Millwendle Minnowby Nimblewick
Norrowdale Oddingcombe Orlingford Pellmere Pennigrove Quarlingby Quiverton Rambleholt Rendlecombe
Rushwendle Selmerby Shimmerdale Skillingmoor Sollerby Stannowby Tarrowmere Thimbleford Tindlemoor
Torrowby Trundlecombe Tumbleholt Venmoor Verrowby Wadlecombe Wimbleholt Winnowdale Wistlebury
Yarnwick Yeldermoor Brackwendle Cinderholt Dapplemoor Emberwick Fennerby Gorsecombe Heddingmoor
Inkwendle Kestrelby Larchwick Mallowby Nettlewick Oakmarrow Pebbleby Quenwick Rookwendle
Sorrelcombe Thistleby Umberwick Vellmoor Wrenholt Alderwendle Bexmarrow Caddlewick Chalkholt
Clovercombe Cobblemere Crandlemoor Dunnowby Emberholt Fairwendle Farrowcombe Fernmoor Galemoor
Gannetholt Glimmerwick Greywendle Hollinsby Hopmarrow Kettlewick Lammerby Lanterholt Lindenby
Loxmoor Lumberwick Mistlecombe Mossholt Orrinmoor Otterwendle Owlsby Pellingmoor Piperwick
Plumwendle Quaverholt Rainsholt Redwendle Rillingby Ryeholt Sablewick Scarrowmoor Skelderby
Sparrowholt Tamberwick Teaslecombe Tillingwick Ambercombe Ashenmoor Barrowholt Bellingwick
Birchmarrow Bramwick Candlemoor Carrowby Chiverholt Copperwick Cressingmoor Dimmerholt Driftwick
Durrowmoor Elvenholt Farthingwick Fettleby Flintwick Frostcombe Gleavermoor Gravenby Harkmoor
Hemblewick Inglewick Ivorscombe Jessacombe Kindlemoor Kirrowholt Lacecombe Larkholt Lowwendle
Lyndenwick Meddlecombe Millholt Minnowcombe Nimbleby Norrowholt Oddingby Orlingmoor Pellwick
""".split()

# Trust names by kind: {p} and {q} are places. A kind's first template is the most common.
NAME_TEMPLATES: Mapping[str, tuple[str, ...]] = {
    "teaching": (
        "{p} Teaching Hospitals NHS Foundation Trust",
        "University Hospitals of {p} NHS Foundation Trust",
        "{p} and {q} University Hospitals NHS Trust",
        "{p} University Hospitals NHS Foundation Trust",
    ),
    "large": (
        "{p} and {q} Hospitals NHS Foundation Trust", "{p} Hospitals NHS Trust",
        "{p} General Hospital NHS Foundation Trust",
    ),
    "medium": (
        "{p} Hospital NHS Foundation Trust", "{p} and {q} Hospitals NHS Trust",
        "{p} Healthcare NHS Trust", "{p} General Hospital NHS Trust",
    ),
    "small": ("{p} District Hospital NHS Foundation Trust", "{p} Hospital NHS Trust"),
    "eye": ("{p} Eye Hospital NHS Foundation Trust",),
    "orthopaedic": ("{p} Orthopaedic Hospital NHS Foundation Trust",),
    "cancer": ("{p} Cancer Centre NHS Foundation Trust",),
    "heart": ("{p} Heart and Chest Hospital NHS Foundation Trust",),
    "children": ("{p} Children's Hospital NHS Foundation Trust",),
    "women": ("{p} Women's Hospital NHS Foundation Trust",),
    "multi-service": ("{p} Integrated Care NHS Foundation Trust", "{p} Health and Care NHS Trust"),
    "mhld": (
        "{p} Partnership NHS Foundation Trust", "{p} Mental Health NHS Foundation Trust",
        "{p} and {q} Mental Health NHS Trust", "{p} Healthcare NHS Foundation Trust",
    ),
    "psychotherapy": ("{p} Psychotherapy NHS Foundation Trust",),
    "community": (
        "{p} Community Healthcare NHS Foundation Trust", "{p} Community Services NHS Trust",
        "{p} Community Health and Care NHS Trust",
    ),
    "community-small": ("{p} Community Health Services NHS Trust",),
    "care": ("{p} District Care NHS Foundation Trust", "{p} Care NHS Trust"),
    "ambulance": (
        "{p} Ambulance Service NHS Foundation Trust", "{p} and {q} Ambulance Service NHS Trust",
    ),
}  # fmt: skip
