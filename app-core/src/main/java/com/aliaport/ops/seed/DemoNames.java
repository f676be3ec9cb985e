package com.aliaport.ops.seed;

import java.util.List;
import java.util.Locale;
import java.util.random.RandomGenerator;

/** Word lists for realistic Turkish port data: companies, vessels, goods, ports. All invented, none real. */
final class DemoNames {
    private DemoNames() {}

    private static final List<String> COMPANY_HEADS = List.of(
            "Aliağa",
            "Ege",
            "Körfez",
            "Anadolu",
            "Karadeniz",
            "Marmara",
            "Akdeniz",
            "Yıldız",
            "Demirtaş",
            "Çelikoğlu",
            "Kayalar",
            "Doğanay",
            "Öztürkler",
            "Şahinler",
            "Aydınlı",
            "Arslanoğlu",
            "Kılıçaslan",
            "Yılmazer",
            "Erdemir",
            "Güneyli",
            "Kuzeyaltı",
            "Bozkurt",
            "Çandarlı",
            "Foça",
            "Nemrut",
            "Horozgediği",
            "Gediz",
            "Bakırçay",
            "Menemen",
            "Bergama",
            "Dikili",
            "Poyraz",
            "Lodos",
            "İmbat",
            "Mavi Deniz",
            "Altınkum",
            "Kordon",
            "Pasaport",
            "Alsancak",
            "Karşıyaka",
            "Bornova",
            "Kemeraltı",
            "Tuzla",
            "Derince",
            "Gemlik",
            "Mersin",
            "İskenderun",
            "Samsun",
            "Trabzon",
            "Bandırma",
            "Çanakkale",
            "Ambarlı");
    private static final List<String> SECTORS = List.of(
            "Denizcilik",
            "Gemi Acenteliği",
            "Lojistik",
            "Nakliyat",
            "Petrokimya",
            "Demir Çelik",
            "Gübre Sanayi",
            "Tarım Ürünleri",
            "Gıda",
            "Kimya",
            "Taşımacılık",
            "Dış Ticaret",
            "Liman Hizmetleri",
            "Enerji",
            "Hurda Metal",
            "Mermer",
            "Tekstil",
            "Otomotiv",
            "Yem Sanayi",
            "Çimento");
    private static final List<String> LEGAL_FORMS =
            List.of("A.Ş.", "Ltd. Şti.", "San. ve Tic. A.Ş.", "Tic. Ltd. Şti.", "İth. İhr. A.Ş.");
    private static final List<String> FOREIGN_COMPANIES = List.of(
            "Hanseatic Trading GmbH",
            "Rotterdam Bulk Logistics B.V.",
            "Genova Marine S.p.A.",
            "Piraeus Agencies S.A.",
            "Odessa Grain LLC",
            "Alexandria Import Co.",
            "Valencia Foods S.L.",
            "Marseille Négoce SARL",
            "Constanta Shipping SRL",
            "Novorossiysk Metals JSC",
            "Tunis Commerce SARL",
            "Haifa Chemicals Ltd.",
            "Antwerp Steel N.V.",
            "Casablanca Trading SA",
            "Barcelona Textiles S.A.",
            "Felixstowe Cargo Ltd.",
            "Gdansk Timber Sp. z o.o.",
            "Koper Automotive d.o.o.",
            "Varna Fertilizers AD",
            "Batumi Oil Terminal LLC");
    static final List<String> TAX_OFFICES = List.of(
            "Aliağa",
            "Kordon",
            "Karşıyaka",
            "Hasan Tahsin",
            "Konak",
            "Bornova",
            "Kemeraltı",
            "Büyük Mükellefler",
            "Kadıköy",
            "Boğaziçi Kurumlar",
            "Mersin İstiklal",
            "Kocaeli Tepecik");
    static final List<String> CITIES = List.of(
            "İzmir", "İzmir", "İzmir", "İstanbul", "İstanbul", "Manisa", "Bursa", "Kocaeli", "Mersin", "Ankara");
    // Upper case as written on the hull; Turkish words with Turkish letters (DENİZ), English ones plain (PIONEER).
    private static final List<String> VESSEL_HEADS = List.of(
            "EGE",
            "ALİAĞA",
            "KAPTAN",
            "MARMARA",
            "ANADOLU",
            "POYRAZ",
            "DENİZ",
            "YILDIZ",
            "MAVİ",
            "AKDENİZ",
            "NORD",
            "BALTIC",
            "OCEAN",
            "SEA",
            "STAR",
            "ATLANTIC",
            "PACIFIC",
            "AEGEAN",
            "HELLAS",
            "VOLGA",
            "DANUBE",
            "NILE",
            "CAPE",
            "GOLDEN",
            "SILVER",
            "ROYAL",
            "GRAND",
            "LADY",
            "CAPTAIN",
            "EASTERN");
    private static final List<String> VESSEL_TAILS = List.of(
            "YILDIZI", "RÜZGARI", "PRIDE", "SPIRIT", "EXPRESS", "TRADER", "VOYAGER", "CARRIER", "LEADER", "GLORY",
            "FORTUNE", "MERCY", "HOPE", "BREEZE", "HORIZON", "PIONEER", "VENTURE", "WAVE", "BAY", "LIGHT");
    static final List<String> FLAGS = List.of(
            "TR", "TR", "TR", "MT", "MT", "PA", "PA", "LR", "LR", "MH", "MH", "BS", "CY", "GR", "IT", "DE", "NL", "GB",
            "NO", "DK", "SG", "HK", "CN", "RU", "UA", "EG", "GE", "BG", "RO", "HR", "PT", "AG", "KM", "SL", "TZ", "MD",
            "TG", "BZ", "VC", "JP");
    static final List<String> VESSEL_TYPES =
            List.of("Konteyner", "Dökme Yük", "Tanker", "Genel Kargo", "Ro-Ro", "LPG Tankeri", "Kimyasal Tanker");
    static final List<String> BERTHS = List.of(
            "Rıhtım 1",
            "Rıhtım 2",
            "Rıhtım 3",
            "Rıhtım 4",
            "Rıhtım 5",
            "Rıhtım 6",
            "Sıvı Dökme İskelesi",
            "Ro-Ro Rampası",
            "Şamandıra A",
            "Şamandıra B");
    static final List<String> SERVICES = List.of(
            "Barınma hizmet bedeli",
            "Römorkaj hizmeti",
            "Pilotaj hizmeti",
            "Yükleme-boşaltma hizmeti",
            "Ardiye ücreti",
            "Rıhtım işgaliye ücreti",
            "Palamar hizmeti",
            "Tatlı su ikmali",
            "Atık alım hizmeti",
            "Elleçleme ücreti");
    static final List<String> PAYMENTS =
            List.of("Havale/EFT tahsilatı", "Çek tahsilatı", "Kredi kartı tahsilatı", "Virman", "Teminat mahsubu");
    static final List<String> GOODS = List.of(
            "Demir çelik kütük",
            "İnşaat demiri",
            "Polietilen granül",
            "Polipropilen granül",
            "Mermer blok",
            "Pamuk balya",
            "Buğday (dökme)",
            "Mısır (dökme)",
            "Zeytinyağı",
            "Otomobil yedek parçası",
            "Hazır giyim",
            "Kuru incir",
            "Kuru üzüm",
            "Tekstil ipliği",
            "Gübre (üre)",
            "Cam şişe",
            "Makine aksamı",
            "Hurda demir",
            "Çimento (torbalı)",
            "Seramik karo",
            "Beyaz eşya",
            "Kereste",
            "Ayçiçek yağı",
            "Kimyasal (IMO 3)");
    static final List<String> BULK_GOODS = List.of(
            "Buğday (dökme)",
            "Mısır (dökme)",
            "Hurda demir",
            "Gübre (üre)",
            "Kömür",
            "Demir cevheri",
            "Klinker",
            "Soya fasulyesi",
            "Arpa (dökme)",
            "Feldspat");
    static final List<String> LIQUID_GOODS = List.of(
            "Ham petrol", "Nafta", "Motorin", "LPG", "Metanol", "Kostik soda", "Ayçiçek yağı (dökme)", "Fuel oil");
    static final List<String> RORO_GOODS = List.of("Otomobil", "Tır dorsesi", "İş makinesi", "Kamyon", "Otobüs");
    static final List<String> PACKAGE_KINDS =
            List.of("Palet", "Koli", "Balya", "Varil", "Big Bag", "Adet", "Sandık", "Rulo");
    static final List<String> CARRIER_PREFIXES =
            List.of("MEDU", "MAEU", "CMDU", "HLCU", "COSU", "ONEY", "EGLV", "ZIMU", "ARKU", "YMLU");
    static final List<String> CONTAINER_OWNERS =
            List.of("MSCU", "MAEU", "CMAU", "HLXU", "TGHU", "TCLU", "CAIU", "SEGU", "GESU", "TEMU");
    static final List<String> FOREIGN_PORTS = List.of(
            "Genova (ITGOA)",
            "Pire (GRPIR)",
            "Rotterdam (NLRTM)",
            "Hamburg (DEHAM)",
            "Valencia (ESVLC)",
            "Köstence (ROCND)",
            "Odessa (UAODS)",
            "İskenderiye (EGALY)",
            "Hayfa (ILHFA)",
            "Barselona (ESBCN)",
            "Marsilya (FRMRS)",
            "Novorossiysk (RUNVS)",
            "Batum (GEBUS)",
            "Koper (SIKOP)",
            "Antwerp (BEANR)");
    static final String HOME_PORT = "Aliağa (TRALI)";
    static final List<String> AUDIT_EVENT_TYPES = List.of(
            "auth.login",
            "auth.login",
            "auth.login",
            "auth.logout",
            "barinma.kayit_olusturuldu",
            "barinma.kayit_guncellendi",
            "cari.hareket_eklendi",
            "cari.hareket_eklendi",
            "manifesto.yuklendi",
            "rapor.istendi",
            "rapor.indirildi",
            "kur.guncellendi",
            "kullanici.sifre_degisti");
    static final List<String> USERS = List.of(
            "ayse.yilmaz",
            "mehmet.demir",
            "fatma.kaya",
            "ali.celik",
            "zeynep.sahin",
            "mustafa.arslan",
            "elif.dogan",
            "hasan.kilic",
            "operator",
            "finans");

    static String pick(List<String> list, RandomGenerator random) {
        return list.get(random.nextInt(list.size()));
    }

    static String company(RandomGenerator random) {
        return pick(COMPANY_HEADS, random) + " " + pick(SECTORS, random) + " " + pick(LEGAL_FORMS, random);
    }

    static String foreignCompany(RandomGenerator random) {
        return pick(FOREIGN_COMPANIES, random);
    }

    static String vessel(RandomGenerator random) {
        String name = pick(VESSEL_HEADS, random) + " " + pick(VESSEL_TAILS, random);
        String suffix =
                switch (random.nextInt(8)) {
                    case 6 -> " II";
                    case 7 -> " III";
                    default -> "";
                };
        return name + suffix;
    }

    /** An ASCII slug of a company name for an e-mail domain: "Çandarlı Gıda A.Ş." → "candarligida". */
    static String slug(String company) {
        String head = company.replaceAll("\\s+(A\\.Ş\\.|Ltd\\..*|San\\..*|Tic\\..*|İth\\..*)$", "");
        StringBuilder out = new StringBuilder();
        for (char c : head.toLowerCase(Locale.forLanguageTag("tr")).toCharArray()) {
            switch (c) {
                case 'ç' -> out.append('c');
                case 'ğ' -> out.append('g');
                case 'ı' -> out.append('i');
                case 'ö' -> out.append('o');
                case 'ş' -> out.append('s');
                case 'ü' -> out.append('u');
                default -> {
                    if (c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
