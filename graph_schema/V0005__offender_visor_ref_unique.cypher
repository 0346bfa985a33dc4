// A ViSOR reference names one offender, as a PNC number does.
CREATE CONSTRAINT offender_visor_ref IF NOT EXISTS FOR (n:Offender) REQUIRE n.visorRef IS UNIQUE;
