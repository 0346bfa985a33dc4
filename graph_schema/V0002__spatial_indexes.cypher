// Proximity rules and zone checks prefilter through point indexes before exact geometry.
CREATE POINT INDEX address_location IF NOT EXISTS FOR (n:Address) ON (n.location);
CREATE POINT INDEX premises_location IF NOT EXISTS FOR (n:Premises) ON (n.location);
CREATE POINT INDEX zone_centre IF NOT EXISTS FOR (n:Zone) ON (n.centre);
