"""Texts of the embedded sample, written for norcorpus (not taken from any corpus).

Bokmål, Nynorsk and North Sámi, plus a little Danish, Swedish and English, and the junk a real crawl has:
cookie banners, link fragments, personal data; regenerate.py adds the mojibake and the Sámi text in a
legacy 8-bit encoding.
`regenerate.py` lays them out in the real file format of each source, with exact and near duplicates.
"""

from __future__ import annotations

NOB = {
    "budget": (
        "Regjeringen la i dag fram forslaget til statsbudsjett for neste år. Finansministeren sa at budsjettet "
        "skal bidra til lavere prisvekst og trygge arbeidsplasser i hele landet.\n\nOpposisjonen mener at "
        "kommunene får for lite penger til skole og eldreomsorg, og varsler at de vil kreve endringer når "
        "forslaget kommer til behandling i Stortinget i høst."
    ),
    "storm": (
        "Meteorologisk institutt varsler kraftig vind og mye nedbør langs kysten av Vestlandet i helgen. "
        "Farevarselet gjelder fra fredag kveld til søndag morgen.\n\nFolk bes sikre løse gjenstander, unngå "
        "unødvendig ferdsel på fjellovergangene og holde seg oppdatert på værmeldingene.\n\nFlere ferjesamband kan "
        "bli innstilt, og Statens vegvesen varsler at enkelte veier kan bli stengt på kort varsel. Strømselskapene "
        "har ekstra mannskap i beredskap i tilfelle brudd på linjene."
    ),
    "farikal": (
        "Fårikål er Norges nasjonalrett, og den er enkel å lage. Du trenger bare fårekjøtt, kål, hel pepper "
        "og litt salt.\n\nLegg kjøtt og kål lagvis i en stor gryte, strø pepper mellom lagene og hell på litt "
        "vann. La det hele småkoke under lokk i et par timer, til kjøttet slipper beina. Server med poteter."
    ),
    "relay": (
        "Norge vant stafetten i verdenscupen i langrenn etter en sterk avslutning på siste etappe. Laget hadde "
        "et forsprang på nesten ti sekunder da ankeret gikk inn på stadion.\n\nTrenerne var svært fornøyde med "
        "formen så tidlig i sesongen, men understreket at det fortsatt er lenge til mesterskapet i februar. Neste "
        "renn i verdenscupen går på Lillehammer om to uker, og da står også sprinten på programmet."
    ),
    "library": (
        "Nasjonalbiblioteket har digitalisert over en million bøker, aviser og tidsskrifter. Samlingen er åpen "
        "for alle med norsk nettadresse, og den brukes mye av forskere, studenter og slektsforskere.\n\nNå skal "
        "også flere tusen timer med radioprogrammer fra etterkrigstiden gjøres tilgjengelige for publikum.\n\n"
        "Arbeidet med digitaliseringen startet i 2006, og målet er at hele den norske kulturarven skal bli søkbar. "
        "Bibliotekaren forteller at særlig gamle lokalaviser er populære blant brukerne."
    ),
    "kindergarten": (
        "Søknadsfristen for barnehageplass er 1. mars. Alle som søker innen fristen, har rett til plass fra "
        "august dersom barnet fyller ett år innen utgangen av november.\n\nSøknaden sendes elektronisk via "
        "kommunens nettsider. Du får svar på søknaden i løpet av april.\n\nFamilier med lav inntekt kan søke om "
        "redusert foreldrebetaling og gratis kjernetid. Har du spørsmål, kan du kontakte barnehagekontoret i "
        "kommunen på telefon eller e-post."
    ),
    "union": (
        "Unionen mellom Norge og Sverige ble oppløst i 1905. Stortinget vedtok 7. juni at kongen hadde sluttet "
        "å fungere som norsk konge, og i august stemte et overveldende flertall for oppløsning i en "
        "folkeavstemning.\n\nSenere samme år ble prins Carl av Danmark valgt til konge. Han tok navnet Haakon "
        "VII og kom til Kristiania i slutten av november sammen med dronning Maud og kronprins Olav."
    ),
    "union_part2": (
        "I de første årene etter 1905 var forholdet til Sverige anstrengt, men det bedret seg raskt. Under "
        "første verdenskrig samarbeidet de nordiske landene tett for å bevare nøytraliteten, og kongene møttes "
        "i Malmö i 1914 for å vise at de sto sammen. Samarbeidet fortsatte i mellomkrigstiden, og i dag er Norge og "
        "Sverige nære naboer med tett handel og et felles arbeidsmarked."
    ),
    "ai": (
        "Stadig flere norske bedrifter tar i bruk kunstig intelligens i kundeservice og saksbehandling. Samtidig "
        "er mange usikre på hvordan personvernet skal ivaretas når store språkmodeller trenes på tekst fra "
        "nettet.\n\nDatatilsynet har derfor laget en veileder som forklarer hvilke regler som gjelder, og hva "
        "virksomhetene bør gjøre før de tar i bruk slike verktøy."
    ),
    "tyres": (
        "Noen som vet om det går an å bytte vinterdekk selv uten jekk? Har en gammel Golf, og verkstedet har "
        "ikke ledig time før om tre uker. Takk for alle svar!"
    ),
    "speech": (
        "President, jeg vil takke komiteen for et grundig arbeid med denne saken. Distriktene trenger gode veier, "
        "fungerende bredbånd og et sterkt lokalt helsetilbud.\n\nDerfor støtter vi forslaget om å styrke "
        "kommuneøkonomien, og vi vil følge nøye med på at pengene faktisk kommer fram der de trengs. Vi kan ikke "
        "akseptere at stadig flere tjenester sentraliseres, mens folk i distriktene må reise lenger for å få hjelp."
    ),
    "dagsrevyen": (
        "God kveld, og velkommen til Dagsrevyen. I kveld skal vi blant annet se nærmere på boligprisene, som "
        "har steget kraftig i Oslo den siste måneden.\n\nMen først til nyheten om at strømprisen igjen er på vei "
        "opp. Mange husholdninger på Østlandet må belage seg på høye regninger også denne vinteren. Vi skal også "
        "til Bodø, der byen forbereder seg på å være europeisk kulturhovedstad."
    ),
    "contact": (
        "Har du spørsmål om fakturaen din? Ring kundeservice på 22 33 44 55 eller send en e-post til "
        "kundeservice@eksempel.no, så svarer vi innen to virkedager. Kontonummer for innbetaling er 1234.56.78903.\n\n"
        "Husk å oppgi kundenummeret ditt når du tar kontakt. Du kan også logge inn på Min side for å se fakturaer, "
        "endre avtalen eller melde flytting, og der finner du svar på de vanligste spørsmålene."
    ),
    # published as mojibake (UTF-8 bytes read as cp1252) in the sample: see regenerate.py
    "christmas": (
        "Vi ønsker alle våre kunder en god jul og et godt nytt år. Butikken er stengt fra julaften til og med "
        "2. juledag, men nettbutikken er åpen som vanlig.\n\nBestillinger som kommer inn i romjulen, sendes ut fra "
        "lageret vårt i Drammen den 28. desember. Takk for at du handler lokalt også i år, og velkommen tilbake i "
        "januar!"
    ),
}

NNO = {
    "school": (
        "Fylkeskommunen har vedteke å byggje ein ny vidaregåande skule i Førde. Skulen skal ha plass til om lag "
        "åtte hundre elevar og opnar etter planen hausten 2027.\n\nOrdføraren meiner dette er eit viktig løft for "
        "heile regionen, og seier at kommunen skal hjelpe til med nye gang- og sykkelvegar. Byggjearbeidet startar "
        "til våren, og dei gamle skulebygga skal rivast når den nye skulen står ferdig."
    ),
    "fishing": (
        "Det var ein kald morgon i februar då dei første båtane la ut frå kaia. Fiskarane hadde venta i fleire "
        "dagar på betre vêr, og no ville ingen tape meir tid.\n\nUte på fjorden låg skreien tett, og garna vart "
        "fulle lenge før middag. Om kvelden var det lys i alle vindauga på fiskebruket."
    ),
    "aasen": (
        "Ivar Aasen var ein norsk språkforskar og diktar som levde frå 1813 til 1896. Han samla inn ord og "
        "former frå dialektar over heile landet og skapte på grunnlag av dette landsmålet, som i dag heiter "
        "nynorsk.\n\nHan skreiv òg dikt og songar, mellom anna «Nordmannen», som framleis er mykje sungen."
    ),
    "kindergarten": (
        "Kommunen tilbyr gratis kjernetid i barnehage for familiar med låg inntekt. Du må søkje kvart år, og "
        "søknaden må innehalde dokumentasjon på inntekta til hushaldet.\n\nTa kontakt med servicetorget dersom "
        "du treng hjelp til å fylle ut skjemaet. Søknadsfristen er 1. mars for plass frå august, og kommunen svarar "
        "på alle søknader innan utgangen av april."
    ),
    "football": (
        "Sogndal vann heimekampen mot Brann med to mål mot eitt etter ein dramatisk sluttspurt. Publikum reiste "
        "seg då innbytaren sette inn vinnarmålet på overtid.\n\nTrenaren sa etter kampen at laget aldri gav opp, "
        "og at sigeren var fortent. Med sigeren klatra Sogndal opp på tredjeplass på tabellen, og neste kamp er "
        "borte mot Start på søndag."
    ),
    "theatre": (
        "Det Norske Teatret set opp ei ny framsyning basert på ein roman av Jon Fosse. Stykket handlar om ein "
        "gamal mann som ser attende på livet sitt ved fjorden.\n\nBillettane til premieren vart utselde på få "
        "timar, og teateret vurderer no å setje opp fleire ekstraframsyningar. Framsyninga går fram til jul, og alle "
        "laurdagar er det framsyning med teksting på skjerm."
    ),
    "hike": (
        "I sommar gjekk vi over Hardangervidda med telt og sovepose. Vi brukte seks dagar frå Haukeliseter til "
        "Finse, og vêret var stort sett godt.\n\nDen siste dagen snødde det likevel, midt i juli, så vi var glade "
        "for at vi hadde teke med ullundertøy og ekstra votter. Neste sommar vil vi gå Kungsleden i Sverige."
    ),
    "district_news": (
        "Dette er Distriktsnyheitene frå NRK Vestland. Rasfaren er framleis stor i fleire fjellkommunar, og "
        "vegen over Strynefjellet er stengd til i morgon tidleg.\n\nVi har snakka med vaktleiaren hos Statens "
        "vegvesen, som ber alle sjekke vegmeldingane før dei køyrer.\n\nElles i sendinga: Bergen kommune vil byggje "
        "fleire bustader langs bybanen, og på Voss er det klart for den årlege ekstremsportveka."
    ),
}

# Paragraphs that several North Sámi documents share, as documents of one publisher do.
_SME_LANGUAGE = (
    "Sámegiella lea okta dain gielain mat hállojuvvojit Norggas, Ruoŧas, Suomas ja Ruošša bealde. "
    "Davvisámegiella lea stuorimus sámegiella, ja dan hállet máŋga duhát olbmo."
)
_SME_CHILDREN = (
    "Mánát ohppet sámegiela mánáidgárddis ja skuvllas. Dát lea dehálaš go giella galgá seailut boahttevaš buolvvaide."
)
_SME_GRANTS = (
    "Sámediggi juolluda juohke jagi doarjaga girjjálašvuhtii, musihkkii ja dáidagii. Doarjja galgá nannet sámi giela "
    "ja kultuvrra."
)

SME = {
    "parliament": (
        "Sámediggi lea sámiid álbmotválljen orgána Norggas. Sámedikki válggat čađahuvvojit juohke njealját "
        "jagi.\n\nSámediggi bargá dan ovdii ahte sámegiella, kultuvra ja servodateallin galget seailut ja ovdánit.\n\n"
        + _SME_GRANTS + "\n\n" + _SME_LANGUAGE
    ),
    "reindeer": (
        "Boazodoallu lea árbevirolaš ealáhus Sámis. Guovdageainnus ja Kárášjogas leat olu boazodolliid, geat "
        "johtet bohccuiguin dálveguohtumiin geassesiidii.\n\nDálvet sáhttá leat hui galmmas, ja muhtumin lea "
        "váttis gávdnat guohtuma. Dálvet bohccot guhtot duoddariin, ja geassit dat leat mearragáttis.\n\n"
        "Geassit lea čuovga birra jándora, ja olbmot leat olgun guollebivddus ja murjemin. Čakčat bohccot "
        "čohkkejuvvojit ja merkejuvvojit. Boazodoallu addá barggu máŋgga bearrašii Sámis."
    ),
    "grandmother": (
        "Mun lean riegádan Romssas, muhto dál orun Oslos. Mu áhkku hupmá sámegiela, ja son lea oahpahan munnje "
        "olu sániid ja lávlagiid.\n\nJuohke geasi mii vuolgit ruoktot Finnmárkui.\n\n" + _SME_LANGUAGE + "\n\n"
        + _SME_CHILDREN
    ),
    "university": (
        "Sámi allaskuvla lea Guovdageainnus. Doppe sáhttá studeret sámegiela, journalistihka ja "
        "oahpaheaddjeoahpu.\n\nBuot oahpahus lea sámegillii, ja studeanttat bohtet sihke Norggas, Ruoŧas ja "
        "Suomas. Skuvlla rektor lea ilus go nu máŋga nuorra háliidit oahppat sámegiela ja bargat sámi "
        "servodagas.\n\n" + _SME_CHILDREN
    ),
    "national_day": (
        "Otne lea sámi álbmotbeaivi, ja miehtá Sámi ávvuduvvo beaivi leavggaiguin ja konsearttaiguin. Sámi "
        "leavga geavahuvvui vuosttaš háve jagi 1986.\n\nMáŋga skuvlla lágidit earenoamáš prográmma mánáide. "
        "Sámi álbmotbeaivi ávvuduvvui vuosttaš háve jagi 1993. Beaivi válljejuvvui danin go vuosttaš sámi "
        "riikačoahkkin lei Troandimis guovvamánu 6. beaivve 1917. Dan beaivve lávlot olbmot Sámi soga lávlla, ja "
        "máŋgasat gárvodit gávtti."
    ),
    "grants": (
        "Dát siidu muitala movt sáhtát ohcat doarjaga Sámedikkis. Ohcanáigemearri lea juovlamánu 1. beaivve.\n\n"
        + _SME_GRANTS + " Ohcamušas galgá čilget maid háliidat dahkat ja man ollu ruđa dárbbašat. Ohcamuš "
        "sáddejuvvo neahtas, ja don oaččut vástádusa ovdal geasi.\n\nJus dus leat gažaldagat, váldde oktavuođa "
        "min bálvalusain."
    ),
}

DAN = {
    "transport": (
        "Regeringen vil styrke den kollektive trafik i hele landet. Transportministeren oplyser, at der afsættes "
        "flere penge til nye busruter i yderområderne, og at togdriften skal være mere pålidelig.\n\nForslaget "
        "skal behandles i Folketinget efter sommerferien. Ministeren understreger, at pendlere i hele landet skal "
        "kunne regne med hyppigere afgange og billigere billetter. Oppositionen kalder udspillet et skridt i den "
        "rigtige retning, men efterlyser en langsigtet plan for jernbanen."
    ),
}

SWE = {
    "climate": (
        "Riksdagen röstade i dag igenom den nya klimatlagen. Enligt förslaget ska utsläppen minska kraftigt fram "
        "till år 2040.\n\nFlera partier är ändå kritiska till hur åtgärderna ska finansieras och vill att "
        "regeringen återkommer med en tydligare plan. Statsministern säger att regeringen kommer att presentera en "
        "ny plan för elektrifiering av industrin under hösten. Kritikerna menar att tidsplanen är för kort och att "
        "kommunerna saknar resurser."
    ),
}

ENG = {
    "conference": (
        "The conference on Nordic language technology will take place in Tromsø next spring. Researchers from "
        "Norway, Sweden and Finland will present new work on speech recognition and machine translation for "
        "minority languages, including North Sámi and Lule Sámi. The organisers expect more than three hundred "
        "participants, and the programme includes workshops on building language models for small languages "
        "with limited data."
    ),
}

# What crawls are full of; short enough that the language tagger abstains (und).
JUNK = {
    "cookies": "Godta alle informasjonskapsler | Personvern | Logg inn",
    "read_more": "Les mer »",
    "share": "Del på Facebook",
}

# Social media posts (V1 had tweets and Reddit; V2 removed them).
SOCIAL = {
    "tweet_nob": "Endelig fredag! Noen som skal på konserten i Spektrum i kveld? 🎶",
    "tweet_nno": "Kor fint det er i Lofoten no når sola kjem att etter mørketida!",
    "reddit_nob": (
        "Tips til billig mat i Oslo? Flytter dit til høsten for å studere, og budsjettet er stramt. Alt fra "
        "kantiner til gode butikker tas imot med takk."
    ),
}
