"""Words the demo data is made of: Québec first and last names, streets, and names of childcare services."""

# Among the most frequent family names in Québec (Institut de la statistique du Québec).
LAST_NAMES = [
    "Tremblay", "Gagnon", "Roy", "Côté", "Bouchard", "Gauthier", "Morin", "Lavoie", "Fortin", "Gagné",
    "Ouellet", "Pelletier", "Bélanger", "Lévesque", "Bergeron", "Leblanc", "Paquette", "Girard", "Simard",
    "Boucher", "Caron", "Beaulieu", "Cloutier", "Dubé", "Poirier", "Fournier", "Lapointe", "Leclerc",
    "Lefebvre", "Poulin", "Thibault", "St-Pierre", "Nadeau", "Martin", "Landry", "Martel", "Bédard",
    "Grenier", "Lessard", "Bernier", "Richard", "Michaud", "Hébert", "Desjardins", "Couture", "Turcotte",
    "Lachance", "Parent", "Blais", "Gosselin", "Savard", "Proulx", "Beaudoin", "Demers", "Perreault",
    "Boudreau", "Lemieux", "Cyr", "Perron", "Dufour", "Dion", "Mercier", "Bolduc", "Bérubé", "Boivin",
    "Langlois", "Ménard", "Dumont", "Vachon", "Rousseau", "Robert", "Champagne", "Lamontagne", "Lemay",
    "Vallée", "Séguin", "Thériault", "Harvey", "Allard", "Brassard", "Charbonneau", "Guay", "Émond",
    "Nguyen", "Joseph", "Pierre", "Benali", "Haddad", "Rodriguez", "Tran", "Diallo", "Jean-Baptiste",
]  # fmt: skip

# Home childcare providers are mostly women: the generator draws from the second list now and then.
FIRST_NAMES_WOMEN = [
    "Nathalie", "Isabelle", "Julie", "Marie-Ève", "Mélanie", "Stéphanie", "Caroline", "Valérie", "Annie",
    "Sophie", "Geneviève", "Chantal", "Josée", "Karine", "Sylvie", "Manon", "Johanne", "Catherine",
    "Émilie", "Audrey", "Véronique", "Marie-Josée", "Nancy", "Martine", "Lucie", "Sandra", "Kathleen",
    "Mélissa", "Vanessa", "Jessica", "Marie-Claude", "Andrée-Anne", "Maude", "Roxanne", "Jacinthe", "Lyne",
    "Danielle", "Hélène", "France", "Guylaine", "Marie-Pier", "Amélie", "Camille", "Élise", "Noémie",
    "Myriam", "Patricia", "Linda", "Fatima", "Nadia", "Yasmina", "Rosa", "Mireille", "Nadège", "Ginette",
    "Francine", "Brigitte", "Claudia", "Jennifer", "Kim", "Sabrina", "Joanie", "Cindy",
]  # fmt: skip
FIRST_NAMES_MEN = [
    "Martin", "Sylvain", "Patrick", "Éric", "Stéphane", "Alain", "Mathieu", "François", "Jean-François",
    "Marc-André", "Simon", "Yannick", "Guillaume", "Olivier", "Samuel", "Karim", "Jonathan", "Daniel",
]  # fmt: skip

STREETS = [
    "rue Principale", "rue Saint-Jean", "rue Notre-Dame", "rue Saint-Joseph", "rue des Érables",
    "rue des Pins", "rue des Bouleaux", "rue des Lilas", "rue du Parc", "rue de l'Église", "rue Champlain",
    "rue Laurier", "rue Papineau", "rue Cartier", "rue Dollard", "rue Victoria", "rue King",
    "rue Wellington", "rue Saint-Georges", "rue Sainte-Anne", "rue Marie-Victorin", "rue Jacques-Cartier",
    "rue du Moulin", "rue des Cèdres", "rue des Merisiers", "rue Beaubien", "rue Bélanger", "rue Fleury",
    "rue Jean-Talon", "rue Ontario", "rue Masson", "rue Rachel", "avenue du Mont-Royal", "avenue des Pins",
    "avenue Laval", "avenue de l'Esplanade", "avenue Christophe-Colomb", "boulevard Saint-Laurent",
    "boulevard Rosemont", "boulevard Gouin", "boulevard Lévesque", "boulevard Talbot",
    "boulevard Saint-Joseph", "chemin du Lac", "chemin du Roy", "chemin de la Montagne",
    "rang Saint-Charles", "montée Sainte-Marie", "croissant des Ormes", "place des Tilleuls",
    "terrasse Mercure", "avenue Bourbonnière", "rue de la Gauchetière", "rue Boyer",
]  # fmt: skip

# Names that CPEs, daycares and offices carry.
SERVICE_NAMES = [
    "Les Petits Lutins", "La Ribambelle", "Les Copains d'abord", "Le Petit Monde", "Les Bambins",
    "La Coccinelle", "Les Petites Abeilles", "Le Jardin des Frimousses", "Les Mousses", "Pomme d'Api",
    "Les Trois Pommes", "L'Arc-en-ciel", "La Marelle", "Les Lucioles", "Le Carrousel", "Les Explorateurs",
    "Tournesol", "Les Câlinours", "La Petite Ourse", "Bout d'chou", "Les Petits Pas", "La Pirouette",
    "Les Galipettes", "Le Nid", "Les Écureuils", "Les Hiboux", "La Cabane enchantée",
    "Les Petits Cheminots", "Au Pays des Merveilles", "Les Bourgeons", "La Chenille", "Les Papillons",
    "Le Manège", "Les Moussaillons", "La Ruche", "Les Pingouins", "Bambou", "Mille-Pattes", "Les Flocons",
    "Le Petit Navire", "La Chrysalide", "Les Marmots", "Picoli", "La Girafe", "Les Oursons", "Le Sablier",
    "Les Cerfs-volants", "La Fourmilière",
]  # fmt: skip

PRESENTATIONS = [
    "Milieu chaleureux et familial, grande cour clôturée, sorties au parc chaque jour.",
    "Éducatrice depuis plus de dix ans, je propose des activités de motricité, de bricolage et d'éveil "
    "musical.",
    "Petit groupe multiâge, repas maison préparés sur place, collations santé.",
    "Service bilingue, jeux extérieurs en toute saison et coin lecture pour les tout-petits.",
    "Approche axée sur le jeu libre et la nature, avec un potager que les enfants entretiennent.",
]

SPECIAL_NEEDS = [
    "Allergie aux arachides",
    "Intolérance au lactose",
    "Suivi en orthophonie",
    "Retard de développement moteur; suivi en ergothérapie",
    "Diabète de type 1",
    "Trouble du spectre de l’autisme, accompagnement demandé",
]

# Among the names most given to babies in Québec these last years (Retraite Québec's lists).
CHILD_FIRST_NAMES = [
    "Léa",
    "Emma",
    "Olivia",
    "Alice",
    "Charlotte",
    "Florence",
    "Zoé",
    "Livia",
    "Charlie",
    "Rosalie",
    "Béatrice",
    "Juliette",
    "Mia",
    "Clara",
    "Romy",
    "Adèle",
    "Maëlle",
    "Éloïse",
    "Lily",
    "Victoria",
    "Noah",
    "Liam",
    "William",
    "Thomas",
    "Léo",
    "Jacob",
    "Nathan",
    "Édouard",
    "Arthur",
    "Félix",
    "Logan",
    "Benjamin",
    "Émile",
    "Charles",
    "Louis",
    "Jules",
    "Raphaël",
    "Samuel",
    "Hugo",
    "Malik",
]
